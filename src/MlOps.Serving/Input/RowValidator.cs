using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Features;
using MlOps.Serving.Model;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Input;

/// <summary>
/// Reads request values into a <see cref="FeatureRow"/> by the feature contract (<see cref="FeatureColumn"/>), the rules
/// training read its data by, and lists every value the contract calls invalid (and every unknown category under
/// MLOPS_UNKNOWN_CATEGORY=reject) as a <see cref="FieldError"/> with the contract's message: the request is then refused
/// (422), never scored. Unknown categories (under the default, score) and numbers far out of the training range are
/// scored as the model takes them and marked on the row for the metrics.
/// JSON: numeric fields take numbers; boolean fields true/false or the numbers 1/0; categorical fields a training
/// category (a string; a number or boolean by its text, for numeric codes); text fields strings. null, "" for
/// categorical/text, and absent fields are missing values the model imputes; unknown fields are ignored.
/// CSV cells: as in training files (an empty cell is missing; a boolean is true/false or a number exactly 1 or 0).
/// </summary>
public sealed class RowValidator(FeatureLayout layout, ServingOptions options)
{
    public FeatureLayout Layout { get; } = layout;

    /// <param name="positional">Also take an array of values, one per feature in schema order (KServe's instances).</param>
    public FeatureRow Read(JsonElement item, int? row, List<FieldError> errors, bool positional = false)
    {
        var result = new FeatureRow(Layout.Count);
        if (positional && item.ValueKind == JsonValueKind.Array) return ReadPositional(item, row, errors, result);
        if (item.ValueKind != JsonValueKind.Object)
        {
            var expected = positional ? $"a JSON object of column name -> value or an array of {Layout.Count} values" : "a JSON object of column name -> value";
            errors.Add(new FieldError(row, "", $"Expected {expected}, got {FeatureRule.Describe(item.ValueKind)}."));
            return result;
        }
        foreach (var property in item.EnumerateObject())
            if (Layout.IndexOf(property.Name) is var i and >= 0)
                Set(result, i, Layout.Columns[i].FromJson(property.Value), row, errors);
        return result;
    }

    /// <summary>A JSON array, row r being item r.</summary>
    public List<FeatureRow> ReadBatch(JsonElement array, List<FieldError> errors, bool positional = false) =>
        [.. array.EnumerateArray().Select((item, r) => Read(item, r, errors, positional))];

    /// <summary>Value i is feature i (GET /schema's order); each read as the same-named field of an object would be.</summary>
    private FeatureRow ReadPositional(JsonElement values, int? row, List<FieldError> errors, FeatureRow result)
    {
        if (values.GetArrayLength() != Layout.Count)
        {
            errors.Add(new FieldError(row, "", $"Expected {Layout.Count} values, one per feature in schema order ({string.Join(", ", Layout.Columns.Select(c => c.Name))}), got {values.GetArrayLength()}."));
            return result;
        }
        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            Set(result, i, Layout.Columns[i].FromJson(value), row, errors);
            i++;
        }
        return result;
    }

    /// <summary>CSV: the header names the columns (those that are no feature are ignored); null cells are missing.</summary>
    public List<FeatureRow> Read(CsvRows.Table table, List<FieldError> errors)
    {
        var columns = table.Header.Select(Layout.IndexOf).ToArray();
        var rows = new List<FeatureRow>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var result = new FeatureRow(Layout.Count);
            var cells = table.Rows[r];
            for (var c = 0; c < cells.Length; c++)
                if (columns[c] is var i and >= 0)
                    Set(result, i, Layout.Columns[i].FromText(cells[c]), r, errors);
            rows.Add(result);
        }
        return rows;
    }

    /// <summary>The row holds what the model would get either way; a refused value also becomes an error.</summary>
    private void Set(FeatureRow result, int i, FeatureValue value, int? row, List<FieldError> errors)
    {
        result.Set(i, value);
        switch (value.State)
        {
            case FeatureValueState.Invalid:
            case FeatureValueState.UnknownCategory when options.UnknownCategory == UnknownCategoryPolicy.Reject:
                errors.Add(new FieldError(row, Layout.Columns[i].Name, value.Problem!));
                break;
            case FeatureValueState.UnknownCategory or FeatureValueState.OutOfRange:
                result.MarkUnusual(i, value.State);
                break;
        }
    }
}
