using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlOps.Core.Schema;
using MlOps.Engine.Search;

namespace MlOps.Engine.Trainers;

/// <summary>SDCA: logistic regression (binary), maximum entropy (multiclass), squared loss (regression).</summary>
internal sealed class SdcaCandidate : TrainerCandidate
{
    public override string Name => "Sdca";
    public override bool IsLinear => true;

    public override IReadOnlyList<Hyperparameter> Space(TrainerContext context) =>
    [
        new("L2Regularization", 1e-7, 10, 1e-4, Log: true),
        new("L1Regularization", 1e-7, 10, 1e-7, Log: true),
    ];

    public override IReadOnlyList<IReadOnlyDictionary<string, double>> Defaults(TrainerContext context) =>
        [new Dictionary<string, double> { [TextChars] = CharTrigrams }];

    /// <summary>
    /// SDCA's automatic epoch count lets small-L2 configurations pass over tiny data for seconds chasing a
    /// duality gap that no longer changes predictions; a cap that shrinks as rows grow keeps each trial short (large data keeps the automatic count).
    /// </summary>
    private static int? MaxEpochs(TrainerContext x) => x.Rows < 1_000 ? 50 : x.Rows < 10_000 ? 30 : null;

    /// <summary>SDCA needs more passes to converge as L2 shrinks (its dual steps scale with 1/L2).</summary>
    public override double Cost(Configuration c, TrainerContext context) =>
        (1 + Math.Max(0, Math.Log10(1e-3 / c["L2Regularization"]))) * ClassFactor(context);

    public override IEstimator<ITransformer> Build(MLContext ml, Configuration c, TrainerContext x) => x.Task switch
    {
        MlTask.BinaryClassification => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = x.Label, FeatureColumnName = x.Features, NumberOfThreads = x.Threads,
            MaximumNumberOfIterations = MaxEpochs(x),
            L1Regularization = c.Float("L1Regularization"), L2Regularization = c.Float("L2Regularization"),
        }),
        MlTask.MulticlassClassification => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = x.Label, FeatureColumnName = x.Features, NumberOfThreads = x.Threads,
            MaximumNumberOfIterations = MaxEpochs(x),
            L1Regularization = c.Float("L1Regularization"), L2Regularization = c.Float("L2Regularization"),
        }),
        _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = x.Label, FeatureColumnName = x.Features, NumberOfThreads = x.Threads,
            MaximumNumberOfIterations = MaxEpochs(x),
            L1Regularization = c.Float("L1Regularization"), L2Regularization = c.Float("L2Regularization"),
        }),
    };
}

/// <summary>L-BFGS: logistic regression (binary), maximum entropy (multiclass), Poisson regression (non-negative labels only).</summary>
internal sealed class LbfgsCandidate : TrainerCandidate
{
    public override string Name => "Lbfgs";
    public override bool IsLinear => true;

    public override IReadOnlyList<Hyperparameter> Space(TrainerContext context) =>
    [
        new("L1Regularization", 1.0 / 32, 32768, 1, Log: true),
        new("L2Regularization", 1.0 / 32, 32768, 1, Log: true),
    ];

    public override IReadOnlyList<IReadOnlyDictionary<string, double>> Defaults(TrainerContext context) =>
        [new Dictionary<string, double> { [TextChars] = CharTrigrams }];

    public override double Cost(Configuration c, TrainerContext context) => 1.2 * ClassFactor(context);

    public override IEstimator<ITransformer> Build(MLContext ml, Configuration c, TrainerContext x) => x.Task switch
    {
        MlTask.BinaryClassification => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = x.Label, FeatureColumnName = x.Features, NumberOfThreads = x.Threads,
            L1Regularization = c.Float("L1Regularization"), L2Regularization = c.Float("L2Regularization"),
        }),
        MlTask.MulticlassClassification => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = x.Label, FeatureColumnName = x.Features, NumberOfThreads = x.Threads,
            L1Regularization = c.Float("L1Regularization"), L2Regularization = c.Float("L2Regularization"),
        }),
        _ => ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
        {
            LabelColumnName = x.Label, FeatureColumnName = x.Features, NumberOfThreads = x.Threads,
            L1Regularization = c.Float("L1Regularization"), L2Regularization = c.Float("L2Regularization"),
        }),
    };
}
