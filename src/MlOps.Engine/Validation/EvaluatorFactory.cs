using MlOps.Core.Data;
using MlOps.Engine.Data;
using MlOps.Engine.Featurization;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Validation;

/// <summary>
/// Decides how trials use the machine. Cross-validated (small) data: folds run side by side, one
/// single-threaded fit each (tree trainers gain little from threads on a few thousand rows, and
/// parallel folds keep results independent of the worker count). Holdout (large) data: one fit with
/// every worker as threads, unless a trial budget asks for bit-identical single-threaded fits.
/// </summary>
internal static class EvaluatorFactory
{
    /// <summary>Featurized text rows kept across trials: a quarter of MlOpsMaxMemoryMB, or 256 MB without a ceiling.</summary>
    internal static long FeatureCacheBytes(int? maxMemoryMB) => (maxMemoryMB is int mb ? mb / 4L : 256L) << 20;

    public static TrialEvaluator Create(TypedTable table, TabularData train, ValidationPlan validation, FeaturizationPlan plan,
        AutoMLSettings settings, string metric, string label, int classes)
    {
        var workers = Math.Clamp(settings.MaxParallelism, 1, Environment.ProcessorCount);
        var deterministic = settings.MaxTrials is not null;
        var concurrentFits = validation.IsCrossValidation ? workers : 1;
        var loadedBytes = (long)train.RowCount * train.ColumnNames.Count * 48;
        var cap = RowSampler.CapFor(settings.MaxMemoryMB, plan.EstimatedSlots, concurrentFits, loadedBytes);
        var sampler = new RowSampler(train.RowCount, cap, settings.Seed);
        var foldRows = validation.Splits.Min(s => s.Train.Length);
        var context = new TrainerContext(settings.Task, label, FeaturizationPlan.FeaturesColumn, classes,
            cap is int c ? Math.Min(c, foldRows) : foldRows,
            Threads: validation.IsCrossValidation || deterministic ? 1 : workers,
            Deterministic: deterministic, Seed: settings.Seed, FeatureColumns: plan.FeatureColumns);
        return new TrialEvaluator(table, validation, plan, context, metric, workers, sampler)
        {
            RefitRows = table.Rows.Length,
            Cache = plan.HasText ? new FeatureCache(FeatureCacheBytes(settings.MaxMemoryMB)) : null,
        };
    }
}
