using System.Globalization;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Serving.Model;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Input;

/// <summary>
/// Checks request values against schema.json and writes them into a <see cref="FeatureRow"/>.
/// JSON: numeric fields take numbers, boolean fields true/false, categorical fields one of the training
/// categories (as a string; a number or boolean is matched by its text, for numeric codes), text fields strings.
/// null, "" for categorical/text, and absent fields are missing values the model imputes; unknown fields are ignored.
/// CSV cells follow the training file rules (ValueParsing), an empty cell being missing.
/// </summary>
public sealed class RowValidator(FeatureLayout layout)
{
    private const int MaxListedCategories = 10;

    public FeatureLayout Layout { get; } = layout;

    public FeatureRow Read(JsonElement item, int? row, List<FieldError> errors)
    {
        var result = new FeatureRow(Layout.Count);
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(row, "", $"Expected a JSON object of column name -> value, got {Describe(item.ValueKind)}."));
            return result;
        }
        foreach (var property in item.EnumerateObject())
        {
            var i = Layout.IndexOf(property.Name);
            if (i >= 0) ReadJson(i, property.Value, result, row, errors);
        }
        return result;
    }

    private void ReadJson(int i, JsonElement value, FeatureRow result, int? row, List<FieldError> errors)
    {
        var feature = Layout.Features[i];
        if (value.ValueKind == JsonValueKind.Null) return;
        switch (feature.Kind)
        {
            case ColumnKind.Numeric when value.ValueKind == JsonValueKind.Number:
                if (value.TryGetDouble(out var d) && float.IsFinite((float)d)) result.Numbers[i] = (float)d;
                else errors.Add(new FieldError(row, feature.Name, $"{value.GetRawText()} is out of the range of a 32-bit float."));
                return;
            case ColumnKind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                result.Numbers[i] = value.ValueKind == JsonValueKind.True ? 1f : 0f;
                return;
            case ColumnKind.Categorical when value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()!,
                    JsonValueKind.Number => value.GetRawText(),
                    _ => value.ValueKind == JsonValueKind.True ? "true" : "false",
                };
                SetCategory(i, text, result, row, errors);
                return;
            case ColumnKind.Text when value.ValueKind == JsonValueKind.String:
                var s = value.GetString()!;
                result.Texts[i] = s.Length == 0 ? null : s;
                return;
        }
        errors.Add(new FieldError(row, feature.Name, $"Expected {Expected(feature.Kind)}, got {Describe(value.ValueKind)}."));
    }

    /// <summary>CSV: cells[c] belongs to feature columns[c] (-1: not a feature); null cells are missing.</summary>
    public FeatureRow Read(IReadOnlyList<string?> cells, int[] columns, int row, List<FieldError> errors)
    {
        var result = new FeatureRow(Layout.Count);
        for (var c = 0; c < cells.Count && c < columns.Length; c++)
        {
            var i = columns[c];
            if (i < 0 || cells[c] is not { } cell) continue;
            var feature = Layout.Features[i];
            switch (feature.Kind)
            {
                case ColumnKind.Numeric when ValueParsing.TryParseNumber(cell, out var d) && float.IsFinite((float)d):
                    result.Numbers[i] = (float)d;
                    break;
                case ColumnKind.Boolean when ValueParsing.TryParseBoolean(cell, out var b):
                    result.Numbers[i] = b ? 1f : 0f;
                    break;
                case ColumnKind.Boolean when cell.Trim() is "0" or "1": // as the engine reads training data
                    result.Numbers[i] = cell.Trim() == "1" ? 1f : 0f;
                    break;
                case ColumnKind.Categorical:
                    SetCategory(i, cell, result, row, errors);
                    break;
                case ColumnKind.Text:
                    result.Texts[i] = cell;
                    break;
                default:
                    errors.Add(new FieldError(row, feature.Name, $"'{cell}' is not {Expected(feature.Kind)}."));
                    break;
            }
        }
        return result;
    }

    /// <summary>The issue's choice: a category the model never saw is refused (422) rather than silently scored as "other".</summary>
    private void SetCategory(int i, string value, FeatureRow result, int? row, List<FieldError> errors)
    {
        if (value.Length == 0) return;
        if (Layout.Categories[i] is { } known && !known.Contains(value))
        {
            var listed = Layout.Features[i].Categories!.Take(MaxListedCategories).Select(c => $"'{c.Value}'");
            var more = known.Count > MaxListedCategories ? $", ... ({known.Count} in all; see GET /schema)" : "";
            errors.Add(new FieldError(row, Layout.Features[i].Name,
                $"Unknown category '{value}': the model was trained on {string.Join(", ", listed)}{more}."));
            return;
        }
        result.Texts[i] = value;
    }

    private static string Expected(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => "a number",
        ColumnKind.Boolean => "a boolean (true or false)",
        ColumnKind.Categorical => "a category (string)",
        _ => "a string",
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
