using Microsoft.ML;
using MlOps.Core.Schema;

namespace MlOps.Engine.Metrics;

/// <summary>Evaluates scored data into ML.NET's standard metrics for the task, under ML.NET's names.</summary>
internal static class MetricsCalculator
{
    public static Dictionary<string, double> Evaluate(MLContext ml, MlTask task, IDataView scored, string label) => task switch
    {
        MlTask.BinaryClassification => Binary(ml, scored, label),
        MlTask.MulticlassClassification => Multiclass(ml, scored, label),
        _ => Regression(ml, scored, label),
    };

    private static Dictionary<string, double> Binary(MLContext ml, IDataView scored, string label)
    {
        Microsoft.ML.Data.CalibratedBinaryClassificationMetrics m;
        try { m = ml.BinaryClassification.Evaluate(scored, label); }
        catch (Exception e) when (e.Message.Contains("AUC", StringComparison.OrdinalIgnoreCase))
        {
            // Only one class present: AUC (and the rest) are undefined; callers skip NaN.
            return MetricCatalog.Names(MlTask.BinaryClassification).ToDictionary(n => n, _ => double.NaN);
        }
        return new()
        {
            ["AreaUnderRocCurve"] = m.AreaUnderRocCurve, ["Accuracy"] = m.Accuracy, ["F1Score"] = m.F1Score,
            ["AreaUnderPrecisionRecallCurve"] = m.AreaUnderPrecisionRecallCurve, ["LogLoss"] = m.LogLoss,
            ["LogLossReduction"] = m.LogLossReduction, ["PositivePrecision"] = m.PositivePrecision,
            ["PositiveRecall"] = m.PositiveRecall, ["NegativePrecision"] = m.NegativePrecision,
            ["NegativeRecall"] = m.NegativeRecall, ["Entropy"] = m.Entropy,
        };
    }

    private static Dictionary<string, double> Multiclass(MLContext ml, IDataView scored, string label)
    {
        var m = ml.MulticlassClassification.Evaluate(scored, label);
        return new()
        {
            ["MacroAccuracy"] = m.MacroAccuracy, ["MicroAccuracy"] = m.MicroAccuracy,
            ["LogLoss"] = m.LogLoss, ["LogLossReduction"] = m.LogLossReduction,
        };
    }

    private static Dictionary<string, double> Regression(MLContext ml, IDataView scored, string label)
    {
        var m = ml.Regression.Evaluate(scored, label);
        return new()
        {
            ["RSquared"] = m.RSquared, ["MeanAbsoluteError"] = m.MeanAbsoluteError, ["MeanSquaredError"] = m.MeanSquaredError,
            ["RootMeanSquaredError"] = m.RootMeanSquaredError, ["LossFunction"] = m.LossFunction,
        };
    }

    /// <summary>Per-metric mean and sample standard deviation over folds, skipping NaN (e.g. AUC of a one-class fold).</summary>
    public static (Dictionary<string, double> Mean, Dictionary<string, double> StdDev) Aggregate(IReadOnlyList<Dictionary<string, double>> folds)
    {
        var mean = new Dictionary<string, double>();
        var std = new Dictionary<string, double>();
        foreach (var name in folds.SelectMany(f => f.Keys).Distinct())
        {
            var values = folds.Where(f => f.TryGetValue(name, out var v) && double.IsFinite(v)).Select(f => f[name]).ToArray();
            if (values.Length == 0) { mean[name] = double.NaN; std[name] = double.NaN; continue; }
            (mean[name], std[name]) = SampleStats.Of(values);
        }
        return (mean, std);
    }
}
