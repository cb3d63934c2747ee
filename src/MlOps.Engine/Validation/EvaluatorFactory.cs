using MlOps.Core.Data;
using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Featurization;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Validation;

/// <summary>
/// Decides how trials use the machine. Cross-validated (small) data: folds run side by side, one
/// single-threaded fit each (tree trainers gain little from threads on a few thousand rows, and
/// parallel folds keep results independent of the worker count). Holdout (large) data: one fit with
/// every worker as threads, unless a trial budget asks for bit-identical single-threaded fits. Large data: trials fit
/// a seeded subsample (<see cref="RowSchedule"/>); every fit is measured against the memory ceiling (<see cref="MemoryBudget"/>).
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
        var sampler = new RowSampler(train.RowCount, null, settings.Seed);
        var foldRows = validation.Splits.Min(s => s.Train.Length);
        // Large data: the search fits a seeded subsample (successive halving on rows, see RowSchedule).
        var schedule = RowSchedule.For(foldRows, settings);
        var context = new TrainerContext(settings.Task, label, FeaturizationPlan.FeaturesColumn, classes,
            schedule?.FirstRows ?? foldRows,
            Threads: validation.IsCrossValidation || deterministic ? 1 : workers,
            Deterministic: deterministic, Seed: settings.Seed, FeatureColumns: plan.FeatureColumns);
        return new TrialEvaluator(table, validation, plan, context, metric, workers, sampler)
        {
            RefitRows = table.Rows.Length,
            Cache = plan.HasText ? new FeatureCache(FeatureCacheBytes(settings.MaxMemoryMB)) : null,
            Schedule = schedule,
            SearchRows = schedule?.FirstRows,
            Memory = new MemoryBudget(settings.MaxMemoryMB),
        };
    }
}
