using MlOps.Core.Data;
using MlOps.Core.Features;
using MlOps.Core.Schema;

namespace MlOps.Engine.Data;

/// <summary>
/// Label cells to the type each task trains on: Single (regression), Boolean with
/// positive = LabelClasses[1] (binary), key over LabelClasses (multiclass).
/// </summary>
internal static class LabelEncoding
{
    /// <summary>Returns the label column and, for classification, each row's class index (-1 = missing/unknown).</summary>
    public static (TableColumn Column, int[]? Classes) Encode(DataSchema schema, DataColumn cells)
    {
        if (schema.Task == MlTask.Regression)
            return (new SingleColumn(schema.Label, TypedTable.Numbers(FeatureRule.Numeric, cells)), null);

        var classes = schema.LabelClasses ?? throw new InvalidOperationException("A classification schema must list its label classes.");
        var index = cells.Map(cell => ClassIndex(classes, cell));

        if (schema.Task == MlTask.BinaryClassification)
        {
            if (classes.Count != 2) throw new InvalidOperationException($"Binary classification needs 2 label classes, the schema has {classes.Count}.");
            return (new BooleanColumn(schema.Label, index.Select(i => i == 1).ToArray()), index);
        }
        return (new KeyColumn(schema.Label, index.Select(i => (uint)(i + 1)).ToArray(), classes), index);
    }

    public static bool IsPresent(TableColumn label, int[]? classes, int row) =>
        classes is not null ? classes[row] >= 0 : !float.IsNaN(((SingleColumn)label).Values[row]);

    /// <summary>Exact match first; then by value, so "1.0" is class "1" and "TRUE" is class "true".</summary>
    private static int ClassIndex(IReadOnlyList<string> classes, string? cell)
    {
        if (cell is null) return -1;
        for (var i = 0; i < classes.Count; i++)
            if (string.Equals(classes[i], cell, StringComparison.Ordinal)) return i;
        var trimmed = cell.Trim();
        if (trimmed.Length == 0) return -1;
        for (var i = 0; i < classes.Count; i++)
            if (string.Equals(classes[i].Trim(), trimmed, StringComparison.Ordinal)) return i;
        if (ValueParsing.TryParseNumber(trimmed, out var number))
            for (var i = 0; i < classes.Count; i++)
                if (ValueParsing.TryParseNumber(classes[i], out var c) && c == number) return i;
        if (ValueParsing.TryParseBoolean(trimmed, out var flag))
            for (var i = 0; i < classes.Count; i++)
                if (ValueParsing.TryParseBoolean(classes[i], out var c) && c == flag) return i;
        return -1;
    }
}
