using Microsoft.ML;
using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Featurization;
using MlOps.Engine.Metrics;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Validation;

/// <summary>Validation result of one configuration. Model is kept only for a single holdout (it is reused for the test holdout).</summary>
internal sealed record TrialOutcome(Dictionary<string, double> Mean, Dictionary<string, double> StdDev, ITransformer? Model);

/// <summary>Fits and scores one configuration on every split of the <see cref="ValidationPlan"/>.</summary>
internal sealed class TrialEvaluator(TypedTable table, ValidationPlan validation, FeaturizationPlan plan, TrainerContext context)
{
    public TrialOutcome Evaluate(TrainerCandidate trainer, Configuration config, TrialCancellation cancellation)
    {
        var folds = new List<Dictionary<string, double>>();
        ITransformer? model = null;
        foreach (var (train, valid) in validation.Splits)
        {
            cancellation.ThrowIfCancelled();
            var ml = cancellation.NewContext(context.Seed);
            model = PipelineFactory.Build(ml, plan, trainer, config, context).Fit(table.View(train));
            cancellation.ThrowIfCancelled();
            folds.Add(MetricsCalculator.Evaluate(ml, context.Task, model.Transform(table.View(valid)), context.Label));
        }
        var (mean, std) = MetricsCalculator.Aggregate(folds);
        return new TrialOutcome(mean, std, validation.IsCrossValidation ? null : model);
    }

    /// <summary>Fits a configuration on the given rows (the refit after the search).</summary>
    public ITransformer Fit(MLContext ml, TrainerCandidate trainer, Configuration config, int[] rows) =>
        PipelineFactory.Build(ml, plan, trainer, config, context).Fit(table.View(rows));
}
