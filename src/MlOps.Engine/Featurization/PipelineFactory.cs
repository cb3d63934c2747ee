using Microsoft.ML;
using MlOps.Core.Schema;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Featurization;

/// <summary>
/// The whole raw-columns-in, prediction-out pipeline of one configuration: featurizers, (for linear
/// trainers) min-max normalization and a cache checkpoint, the trainer, and for multiclass the mapping
/// of PredictedLabel back to the original class strings. With text the pipeline is fitted in two parts,
/// <see cref="Featurizer"/> then <see cref="Head"/>, so the featurized rows can be reused (see <see cref="FeaturizedRows"/>).
/// </summary>
internal static class PipelineFactory
{
    public static IEstimator<ITransformer> Build(MLContext ml, FeaturizationPlan plan, TrainerCandidate trainer, Configuration config, TrainerContext context)
    {
        var pipeline = Featurizer(ml, plan, trainer, config);
        // Linear trainers pass over the data many times; caching the featurized rows avoids redoing featurization each pass.
        if (trainer.IsLinear) pipeline = pipeline.AppendCacheCheckpoint(ml);
        return MapClasses(ml, pipeline.Append(trainer.Build(ml, config, context)), context);
    }

    /// <summary>Raw columns in, the __Features vector out (normalized for linear trainers).</summary>
    public static IEstimator<ITransformer> Featurizer(MLContext ml, FeaturizationPlan plan, TrainerCandidate trainer, Configuration config) =>
        FeaturizerBuilder.Build(ml, plan, TextOptions.Options(config), CodedOneHot(config), normalize: trainer.IsLinear);

    /// <summary>__Features in, prediction out: the trainer and, for multiclass, the class strings.</summary>
    public static IEstimator<ITransformer> Head(MLContext ml, TrainerCandidate trainer, Configuration config, TrainerContext context) =>
        MapClasses(ml, trainer.Build(ml, config, context), context);

    /// <summary>What decides the featurized rows of a configuration: equal keys featurize identically.</summary>
    public static string FeaturizerKey(TrainerCandidate trainer, Configuration config) =>
        $"{TextOptions.Key(config)}; coded one-hot {CodedOneHot(config)}; min-max {trainer.IsLinear}";

    private static IEstimator<ITransformer> MapClasses(MLContext ml, IEstimator<ITransformer> estimator, TrainerContext context) =>
        context.Task == MlTask.MulticlassClassification ? estimator.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")) : estimator;

    public static bool CodedOneHot(Configuration config) =>
        config.Has(CodedCategoryChoice.HyperparameterName) && config.Int(CodedCategoryChoice.HyperparameterName) == 1;

    /// <summary>The trainer's space plus the featurization dimensions (the text options when there is text, coded categories when there are some).</summary>
    public static IReadOnlyList<Hyperparameter> Space(FeaturizationPlan plan, TrainerCandidate trainer, TrainerContext context)
    {
        var space = trainer.Space(context).ToList();
        if (plan.HasText) space.AddRange(TextOptions.Space(trainer.IsLinear, context.Rows, plan.OnnxExportable));
        if (plan.HasCoded)
            space.Add(Hyperparameter.Choice(CodedCategoryChoice.HyperparameterName, CodedCategoryChoice.Names, CodedCategoryChoice.Initial(trainer.IsLinear)));
        return space;
    }
}
