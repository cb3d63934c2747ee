using System.Text.RegularExpressions;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;

namespace MlOps.Core.Schema;

/// <summary>
/// Decides each column's kind and the task, in the spirit of the mlnet CLI's column inference.
/// Feature columns without an override, in this order:
///  1. no values at all                                   => Ignored "empty"
///  2. a single distinct value (numbers/booleans by value) => Ignored "constant"
///  3. all numbers: integers, all distinct, and either an ID-like name (a word "id": id, user_id,
///     UserId, ROW ID) or, with at least <see cref="MinRowsForIdHeuristic"/> rows, a row number
///     (each value the previous plus 1)                   => Ignored "id-like"; otherwise Numeric
///  4. all true/false                                      => Boolean
///  5. strings, all distinct and single-word, with an ID-like name or at least
///     <see cref="MinRowsForIdHeuristic"/> values          => Ignored "id-like"
///  6. strings averaging 2+ words with more than max(2, 10% of values) distinct => Text
///  7. other strings (single words, or few distinct phrases) => Categorical
/// Numbers with few distinct integer values stay Numeric; users override them to categorical.
/// </summary>
public static class ColumnInference
{
    public const int MinRowsForIdHeuristic = 10;

    public static DataSchema Infer(TabularData data, InferenceOptions options)
    {
        var overrides = ValidateOverrides(data, options);
        var columns = new List<ColumnSchema>(data.ColumnNames.Count);
        LabelInference.Result? label = null;
        for (var i = 0; i < data.ColumnNames.Count; i++)
        {
            var profile = new ColumnProfile(data.ColumnNames[i], data.Columns[i]);
            if (profile.Name == options.Label)
            {
                label = LabelInference.Infer(data, profile, options.Task);
                columns.Add(label.Column);
            }
            else columns.Add(overrides.TryGetValue(profile.Name, out var kind)
                ? Overridden(data, profile, kind)
                : Inferred(profile));
        }

        return new DataSchema
        {
            Label = options.Label,
            Task = label!.Task,
            LabelClasses = label.Classes,
            Columns = columns,
            RowCount = data.RowCount,
            MissingLabelRows = label.MissingRows,
        };
    }

    /// <summary>Checks names against the data and returns column => overridden kind.</summary>
    private static Dictionary<string, ColumnKind> ValidateOverrides(TabularData data, InferenceOptions options)
    {
        var available = string.Join(", ", data.ColumnNames.Select(n => $"'{n}'"));
        if (data.IndexOf(options.Label) < 0)
            throw new MlOpsException(ErrorCodes.LabelNotFound,
                $"The label column '{options.Label}' is not in the data. Set MlOpsLabelColumn to one of the columns: {available}.", data.Path);

        (string Property, IReadOnlyList<string> Names, ColumnKind Kind)[] lists =
        [
            ("MlOpsIgnoreColumns", options.Ignore, ColumnKind.Ignored),
            ("MlOpsCategoricalColumns", options.Categorical, ColumnKind.Categorical),
            ("MlOpsTextColumns", options.Text, ColumnKind.Text),
            ("MlOpsNumericColumns", options.Numeric, ColumnKind.Numeric),
        ];
        var result = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        var from = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, names, kind) in lists)
        foreach (var name in names)
        {
            if (data.IndexOf(name) < 0)
                throw new MlOpsException(ErrorCodes.UnknownColumnOverride,
                    $"{property} names '{name}', which is not a column of the data. Columns are: {available}. Names are case-sensitive.", data.Path);
            if (name == options.Label)
                throw new MlOpsException(ErrorCodes.ConflictingColumnOverride,
                    $"{property} names the label column '{name}'. The label is not a feature: remove it from {property} (use MlOpsTask to choose the task).", data.Path);
            if (from.TryGetValue(name, out var other) && other != property)
                throw new MlOpsException(ErrorCodes.ConflictingColumnOverride,
                    $"Column '{name}' is listed in both {other} and {property}. Keep it in one of them.", data.Path);
            from[name] = property;
            result[name] = kind;
        }
        return result;
    }

    private static ColumnSchema Overridden(TabularData data, ColumnProfile p, ColumnKind kind)
    {
        if (kind == ColumnKind.Numeric && p.NonMissing > 0 && !p.AllNumeric)
        {
            var row = p.FirstNonNumericRow();
            var line = data.LineNumbers?[row];
            throw new MlOpsException(ErrorCodes.InvalidNumber,
                $"Column '{p.Name}' is listed in MlOpsNumericColumns but has the non-numeric value '{p.Cells[row]}'{(line is null ? "" : $" on line {line}")}. " +
                "Numbers use '.' for decimals and no thousands separators. Fix the value, or remove the column from MlOpsNumericColumns.",
                data.Path, line);
        }
        return Build(p, kind, "override");
    }

    private static ColumnSchema Inferred(ColumnProfile p)
    {
        if (p.NonMissing == 0) return Build(p, ColumnKind.Ignored, "empty");
        if (p.AllNumeric)
        {
            if (p.DistinctNumbers == 1) return Build(p, ColumnKind.Ignored, "constant");
            var allDistinct = p.Distinct == p.NonMissing;
            if (p.AllInteger && allDistinct &&
                (HasIdName(p.Name) || (p.Cells.Count >= MinRowsForIdHeuristic && p.IsRowNumberLike())))
                return Build(p, ColumnKind.Ignored, "id-like");
            return Build(p, ColumnKind.Numeric, "numeric");
        }
        if (p.AllBoolean)
            return p.DistinctBooleans == 1 ? Build(p, ColumnKind.Ignored, "constant") : Build(p, ColumnKind.Boolean, "boolean");
        if (p.Distinct == 1) return Build(p, ColumnKind.Ignored, "constant");
        if (p.Distinct == p.NonMissing && p.MaxTokens == 1 && (HasIdName(p.Name) || p.NonMissing >= MinRowsForIdHeuristic))
            return Build(p, ColumnKind.Ignored, "id-like");
        if (p.AverageTokens >= 2 && p.Distinct > Math.Max(2, 0.1 * p.NonMissing))
            return Build(p, ColumnKind.Text, "free text");
        return Build(p, ColumnKind.Categorical, p.MaxTokens == 1 ? "single-word strings" : "few distinct phrases");
    }

    internal static ColumnSchema Build(ColumnProfile p, ColumnKind kind, string reason, bool normalizeBooleans = false) => new()
    {
        Name = p.Name,
        Kind = kind,
        Reason = reason,
        MissingRate = p.MissingRate,
        DistinctCount = kind == ColumnKind.Boolean || normalizeBooleans ? p.DistinctBooleans : p.Distinct,
        Categories = kind switch
        {
            ColumnKind.Categorical when !normalizeBooleans => p.Categories(),
            ColumnKind.Categorical or ColumnKind.Boolean => p.BooleanCategories(),
            _ => null,
        },
        Min = kind == ColumnKind.Numeric && p.AllNumeric ? p.Min : null,
        Max = kind == ColumnKind.Numeric && p.AllNumeric ? p.Max : null,
        Mean = kind == ColumnKind.Numeric && p.AllNumeric ? p.Mean : null,
        Quantiles = kind == ColumnKind.Numeric && p.AllNumeric ? Drift.Quantiles.FromCounts(p.NumericCounts()) : null,
    };

    // A word "id": the parts split at non-alphanumerics and at lower-to-upper camel steps (user_id, UserId, ID).
    internal static bool HasIdName(string name) =>
        Regex.Split(name, @"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
            .Any(word => word.Equals("id", StringComparison.OrdinalIgnoreCase));
}
