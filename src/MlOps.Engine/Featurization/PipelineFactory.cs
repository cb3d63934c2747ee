using Microsoft.ML;
using MlOps.Core.Schema;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Featurization;

/// <summary>
/// The whole raw-columns-in, prediction-out pipeline of one configuration: featurizers, (for linear
/// trainers) min-max normalization and a cache checkpoint, the trainer, and for multiclass the mapping
/// of PredictedLabel back to the original class strings.
/// </summary>
internal static class PipelineFactory
{
    public static IEstimator<ITransformer> Build(MLContext ml, FeaturizationPlan plan, TrainerCandidate trainer, Configuration config, TrainerContext context)
    {
        var textChoice = config.Has(TextFeaturizerChoice.HyperparameterName) ? config.Int(TextFeaturizerChoice.HyperparameterName) : 0;
        var pipeline = FeaturizerBuilder.Build(ml, plan, textChoice, CodedOneHot(config), normalize: trainer.IsLinear);
        // Linear trainers pass over the data many times; caching the featurized rows avoids redoing featurization each pass.
        if (trainer.IsLinear) pipeline = pipeline.AppendCacheCheckpoint(ml);
        var withTrainer = pipeline.Append(trainer.Build(ml, config, context));
        return context.Task == MlTask.MulticlassClassification
            ? withTrainer.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            : withTrainer;
    }

    public static bool CodedOneHot(Configuration config) =>
        config.Has(CodedCategoryChoice.HyperparameterName) && config.Int(CodedCategoryChoice.HyperparameterName) == 1;

    /// <summary>The trainer's space plus the featurization dimensions (the text featurizer when there is text, coded categories when there are some).</summary>
    public static IReadOnlyList<Hyperparameter> Space(FeaturizationPlan plan, TrainerCandidate trainer, TrainerContext context)
    {
        var space = trainer.Space(context).ToList();
        if (plan.HasText) space.Add(Hyperparameter.Choice(TextFeaturizerChoice.HyperparameterName, TextFeaturizerChoice.Names, TextFeaturizerChoice.Initial));
        if (plan.HasCoded)
            space.Add(Hyperparameter.Choice(CodedCategoryChoice.HyperparameterName, CodedCategoryChoice.Names, CodedCategoryChoice.Initial(trainer.IsLinear)));
        return space;
    }
}
