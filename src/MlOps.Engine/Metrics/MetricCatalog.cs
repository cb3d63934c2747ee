using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Engine.Metrics;

/// <summary>
/// The metrics each task reports, under ML.NET's names, plus the aliases users type ("AUC", "R2").
/// Matching is case-insensitive; the result is always the canonical ML.NET name.
/// </summary>
public static class MetricCatalog
{
    private static readonly string[] Binary =
    [
        "AreaUnderRocCurve", "Accuracy", "F1Score", "AreaUnderPrecisionRecallCurve", "LogLoss", "LogLossReduction",
        "PositivePrecision", "PositiveRecall", "NegativePrecision", "NegativeRecall", "Entropy",
    ];
    private static readonly string[] Multiclass = ["MacroAccuracy", "MicroAccuracy", "LogLoss", "LogLossReduction"];
    private static readonly string[] Regression = ["RSquared", "MeanAbsoluteError", "MeanSquaredError", "RootMeanSquaredError", "LossFunction"];

    private static readonly Dictionary<string, string> CommonAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AUC"] = "AreaUnderRocCurve", ["AUROC"] = "AreaUnderRocCurve", ["ROC-AUC"] = "AreaUnderRocCurve", ["RocAuc"] = "AreaUnderRocCurve",
        ["AUPRC"] = "AreaUnderPrecisionRecallCurve", ["AUCPR"] = "AreaUnderPrecisionRecallCurve", ["PR-AUC"] = "AreaUnderPrecisionRecallCurve",
        ["F1"] = "F1Score", ["Precision"] = "PositivePrecision", ["Recall"] = "PositiveRecall",
        ["R2"] = "RSquared", ["RSquare"] = "RSquared", ["R-Squared"] = "RSquared",
        ["MAE"] = "MeanAbsoluteError", ["L1"] = "MeanAbsoluteError",
        ["MSE"] = "MeanSquaredError", ["L2"] = "MeanSquaredError",
        ["RMSE"] = "RootMeanSquaredError",
        ["MacroAcc"] = "MacroAccuracy", ["MicroAcc"] = "MicroAccuracy",
    };

    /// <summary>The canonical names valid for a task, default first.</summary>
    public static IReadOnlyList<string> Names(MlTask task) => task switch
    {
        MlTask.BinaryClassification => Binary,
        MlTask.MulticlassClassification => Multiclass,
        MlTask.Regression => Regression,
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    public static string Default(MlTask task) => Names(task)[0];

    /// <summary>Canonical name for <paramref name="name"/> (null = the task's default); unknown names throw MLOPS1004.</summary>
    public static string Resolve(MlTask task, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Default(task);
        var names = Names(task);
        var trimmed = name.Trim();
        var exact = names.FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        // "Accuracy" on a multiclass task means what users expect: the fraction of rows predicted right.
        if (task == MlTask.MulticlassClassification && string.Equals(trimmed, "Accuracy", StringComparison.OrdinalIgnoreCase))
            return "MicroAccuracy";
        if (CommonAliases.TryGetValue(trimmed, out var alias) && names.Contains(alias)) return alias;
        throw new MlOpsException(ErrorCodes.UnknownMetric,
            $"'{name}' is not a metric for {task}. Valid metrics: {string.Join(", ", names)} (aliases such as AUC, F1, R2, MAE, RMSE are accepted).");
    }

    public static bool IsHigherBetter(string metric) => Core.Metrics.MetricDirection.IsHigherBetter(metric);

    /// <summary>The value the search minimizes: lower is always better.</summary>
    internal static double ToLoss(string metric, double value) => IsHigherBetter(metric) ? -value : value;
}
