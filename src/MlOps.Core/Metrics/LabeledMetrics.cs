using MlOps.Core.Data;
using MlOps.Core.Schema;

namespace MlOps.Core.Metrics;

/// <summary>
/// A task's quality metrics from labeled outcomes (true label, what the model answered), under the names
/// metrics.json and MlOpsQualityGate use. One implementation for the service's live metrics (rows that got a
/// /feedback label) and the production checks (labeled capture files), so both report the same numbers.
/// Metrics that need the model's full output (multiclass log-loss) are left out: captured answers don't carry it.
/// </summary>
public static class LabeledMetrics
{
    /// <summary>
    /// The schema's task's metrics from rows as the service keeps them and capture files hold them: the true label's
    /// text, the predicted class (null for regression) and mlops_score (binary: the positive class's probability;
    /// regression: the value). Binary: the positive class is the schema's last class, as in training; a boolean label
    /// matches whatever its spelling ("True", "1"). Rows without a usable answer or label are left out.
    /// </summary>
    public static Dictionary<string, double> For(DataSchema schema, IEnumerable<(string Actual, string? Predicted, double Score)> rows)
    {
        switch (schema.Task)
        {
            case MlTask.BinaryClassification:
                var positive = PositiveClass(schema);
                return Binary([.. rows.Where(r => r.Predicted is not null && double.IsFinite(r.Score))
                    .Select(r => (positive(r.Actual), positive(r.Predicted!), r.Score))]);
            case MlTask.MulticlassClassification:
                return Multiclass([.. rows.Where(r => r.Predicted is not null).Select(r => (r.Actual, r.Predicted!))]);
            default:
                return Regression([.. rows.Select(r => (Actual: ValueParsing.TryParseNumber(r.Actual, out var a) ? a : double.NaN, Predicted: r.Score))
                    .Where(o => double.IsFinite(o.Actual) && double.IsFinite(o.Predicted))]);
        }
    }

    private static Func<string, bool> PositiveClass(DataSchema schema)
    {
        var classes = schema.LabelClasses ?? ["false", "true"];
        var positive = classes[^1];
        var booleans = classes.SequenceEqual(["false", "true"]);
        return value => booleans && ValueParsing.TryParseBoolean(value, out var b) ? b : string.Equals(value, positive, StringComparison.Ordinal);
    }

    /// <summary>Binary: Accuracy, AUC (rank statistic, ties counted half), F1 and per-class precision/recall,
    /// LogLoss from the positive-class probability. A metric undefined on these rows (AUC with one class) is NaN.</summary>
    public static Dictionary<string, double> Binary(IReadOnlyList<(bool Actual, bool Predicted, double Probability)> rows)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0;
        foreach (var (actual, predicted, probability) in rows)
        {
            if (actual) { if (predicted) tp++; else fn++; }
            else { if (predicted) fp++; else tn++; }
            var p = Math.Clamp(probability, 1e-15, 1 - 1e-15);
            logLoss -= actual ? Math.Log2(p) : Math.Log2(1 - p); // ML.NET reports log-loss in bits
        }
        var precision = Ratio(tp, tp + fp);
        var recall = Ratio(tp, tp + fn);
        return new()
        {
            ["Accuracy"] = Ratio(tp + tn, rows.Count),
            ["AreaUnderRocCurve"] = Auc(rows),
            ["F1Score"] = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : double.NaN,
            ["PositivePrecision"] = precision,
            ["PositiveRecall"] = recall,
            ["NegativePrecision"] = Ratio(tn, tn + fn),
            ["NegativeRecall"] = Ratio(tn, tn + fp),
            ["LogLoss"] = rows.Count > 0 ? logLoss / rows.Count : double.NaN,
        };
    }

    /// <summary>Multiclass: MicroAccuracy (share right) and MacroAccuracy (mean of per-class recall over the classes present).</summary>
    public static Dictionary<string, double> Multiclass(IReadOnlyList<(string Actual, string Predicted)> rows)
    {
        var perClass = rows.GroupBy(r => r.Actual, StringComparer.Ordinal)
            .Select(g => (double)g.Count(r => r.Predicted == r.Actual) / g.Count()).ToList();
        return new()
        {
            ["MicroAccuracy"] = Ratio(rows.Count(r => r.Predicted == r.Actual), rows.Count),
            ["MacroAccuracy"] = perClass.Count > 0 ? perClass.Average() : double.NaN,
        };
    }

    /// <summary>Regression: RSquared (1 − SSres/SStot), MeanAbsoluteError, MeanSquaredError, RootMeanSquaredError.</summary>
    public static Dictionary<string, double> Regression(IReadOnlyList<(double Actual, double Predicted)> rows)
    {
        if (rows.Count == 0)
            return new() { ["RSquared"] = double.NaN, ["MeanAbsoluteError"] = double.NaN, ["MeanSquaredError"] = double.NaN, ["RootMeanSquaredError"] = double.NaN };
        var mean = rows.Average(r => r.Actual);
        double abs = 0, squared = 0, total = 0;
        foreach (var (actual, predicted) in rows)
        {
            abs += Math.Abs(actual - predicted);
            squared += (actual - predicted) * (actual - predicted);
            total += (actual - mean) * (actual - mean);
        }
        var mse = squared / rows.Count;
        return new()
        {
            ["RSquared"] = total > 0 ? 1 - squared / total : double.NaN,
            ["MeanAbsoluteError"] = abs / rows.Count,
            ["MeanSquaredError"] = mse,
            ["RootMeanSquaredError"] = Math.Sqrt(mse),
        };
    }

    /// <summary>The probability that a random positive row scores above a random negative one (Mann–Whitney U).</summary>
    private static double Auc(IReadOnlyList<(bool Actual, bool Predicted, double Probability)> rows)
    {
        var sorted = rows.OrderBy(r => r.Probability).ToArray();
        long positives = sorted.LongCount(r => r.Actual), negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        double rankSum = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j].Probability == sorted[i].Probability) j++;
            var averageRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (var k = i; k < j; k++) if (sorted[k].Actual) rankSum += averageRank;
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    private static double Ratio(int part, int whole) => whole > 0 ? (double)part / whole : double.NaN;
}
