using MlOps.Core.Data;
using MlOps.Core.Diagnostics;

namespace MlOps.Core.Schema;

/// <summary>
/// Infers the task from the label and checks that the label fits it.
/// Inference: all true/false, or exactly two distinct values => BinaryClassification;
/// numbers with a non-integer value or more than <see cref="MaxMulticlassIntegers"/> distinct values => Regression;
/// other integers => MulticlassClassification; strings => MulticlassClassification.
/// A label with a single value is inferred as binary and then rejected (fewer than two classes).
/// Boolean labels are normalized: their classes are "false"/"true" whatever the spelling in the file.
/// </summary>
internal static class LabelInference
{
    public const int MaxMulticlassIntegers = 10;

    public sealed record Result(MlTask Task, IReadOnlyList<string>? Classes, ColumnSchema Column, int MissingRows);

    public static Result Infer(TabularData data, ColumnProfile p, MlTask? requested)
    {
        if (p.NonMissing == 0)
            throw Unfit(data, $"The label column '{p.Name}' has no values: every cell is empty. Choose another column with MlOpsLabelColumn.");

        var task = requested ?? InferTask(p);
        if (task == MlTask.Regression)
        {
            if (!p.AllNumeric)
            {
                var row = p.FirstNonNumericRow();
                var line = data.LineNumbers?[row];
                throw Unfit(data,
                    $"Regression needs a numeric label, but '{p.Name}' has the value '{p.Cells[row]}'{(line is null ? "" : $" on line {line}")}. " +
                    "Fix the value, or set MlOpsTask to BinaryClassification or MulticlassClassification.", line);
            }
            return new Result(task, null, ColumnInference.Build(p, ColumnKind.Numeric, "label"), p.Missing);
        }

        var classes = Classes(p);
        var how = requested is null ? "was inferred" : "is set";
        if (classes.Count < 2)
            throw Unfit(data,
                $"Classification needs at least two classes, but the label '{p.Name}' only has the value '{classes[0]}'. " +
                "Use training data with more than one label value, or choose another label with MlOpsLabelColumn.");
        if (task == MlTask.BinaryClassification && classes.Count > 2)
            throw Unfit(data,
                $"The task {how} to BinaryClassification, but the label '{p.Name}' has {classes.Count} distinct values ({List(classes)}). " +
                "Set MlOpsTask to MulticlassClassification, or fix the label values.");

        var column = ColumnInference.Build(p, ColumnKind.Categorical, "label", normalizeBooleans: p.AllBoolean);
        return new Result(task, classes, column, p.Missing);
    }

    private static MlTask InferTask(ColumnProfile p)
    {
        if (p.AllBoolean) return MlTask.BinaryClassification;
        var distinct = p.AllNumeric ? p.DistinctNumbers : p.Distinct;
        if (distinct <= 2) return MlTask.BinaryClassification;
        if (p.AllNumeric && (!p.AllInteger || distinct > MaxMulticlassIntegers)) return MlTask.Regression;
        return MlTask.MulticlassClassification;
    }

    /// <summary>Distinct label values: numeric order when all are numbers (ties ordinal), else ordinal.</summary>
    private static List<string> Classes(ColumnProfile p)
    {
        if (p.AllBoolean) return [.. p.BooleanCategories().Select(c => c.Value).Order(StringComparer.Ordinal)];
        var values = p.Counts.Keys;
        return p.AllNumeric
            ? [.. values.OrderBy(v => ValueParsing.TryParseNumber(v, out var d) ? d : 0).ThenBy(v => v, StringComparer.Ordinal)]
            : [.. values.Order(StringComparer.Ordinal)];
    }

    private static string List(List<string> values) =>
        string.Join(", ", values.Take(10).Select(v => $"'{v}'")) + (values.Count > 10 ? ", ..." : "");

    private static MlOpsException Unfit(TabularData data, string message, int? line = null) =>
        new(ErrorCodes.LabelUnfitForTask, message, data.Path, line);
}
