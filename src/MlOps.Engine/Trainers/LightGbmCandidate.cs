using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using MlOps.Core.Schema;
using MlOps.Engine.Search;

namespace MlOps.Engine.Trainers;

/// <summary>LightGBM for every task (multiclass natively); FLAML-like space starting at 4 trees of 4 leaves.</summary>
internal sealed class LightGbmCandidate : TrainerCandidate
{
    public override string Name => "LightGbm";
    public override bool IsLinear => false;

    public override IReadOnlyList<Hyperparameter> Space(TrainerContext context) =>
    [
        new("NumberOfIterations", 4, 2000, 4, Log: true, Integer: true),
        new("NumberOfLeaves", 4, MaxLeaves(context), 4, Log: true, Integer: true),
        new("MinimumExampleCountPerLeaf", 2, 128, 20, Log: true, Integer: true),
        new("LearningRate", 1.0 / 1024, 1, 0.1, Log: true),
        new("FeatureFraction", 0.1, 1, 1),
        new("SubsampleFraction", 0.1, 1, 1),
        new("L1Regularization", 1.0 / 1024, 1024, 1.0 / 1024, Log: true),
        new("L2Regularization", 1.0 / 1024, 1024, 1, Log: true),
        new("MaximumBinCountPerFeature", 8, 1024, 255, Log: true, Integer: true),
    ];

    /// <summary>
    /// LightGBM's own defaults (100 trees, 31 leaves, rate 0.1), and a feature-bagged variant (300 smaller trees,
    /// a share of the features each), which is robust on wide data where single features carry little signal.
    /// </summary>
    public override IReadOnlyList<IReadOnlyDictionary<string, double>> Defaults(TrainerContext context) =>
    [
        new Dictionary<string, double>
        {
            ["NumberOfIterations"] = 100, ["NumberOfLeaves"] = DefaultLeaves(context, 31),
            ["MinimumExampleCountPerLeaf"] = DefaultMinLeaf(context, 20), ["LearningRate"] = 0.1, [TextChars] = CharTrigrams,
        },
        new Dictionary<string, double>
        {
            ["NumberOfIterations"] = 300, ["NumberOfLeaves"] = DefaultLeaves(context, 15),
            ["MinimumExampleCountPerLeaf"] = DefaultMinLeaf(context, 10), ["LearningRate"] = 0.1,
            ["FeatureFraction"] = BaggedFeatureFraction(context), [TextChars] = CharTrigrams,
        },
    ];

    public override double Cost(Configuration c, TrainerContext context) =>
        0.3 + TreeCost(c["NumberOfIterations"], c["NumberOfLeaves"], c["FeatureFraction"] * (0.5 + 0.5 * c["SubsampleFraction"])) * ClassFactor(context);

    public override IEstimator<ITransformer> Build(MLContext ml, Configuration c, TrainerContext x)
    {
        var booster = new GradientBooster.Options
        {
            L1Regularization = c["L1Regularization"],
            L2Regularization = c["L2Regularization"],
            FeatureFraction = c["FeatureFraction"],
            SubsampleFraction = c["SubsampleFraction"],
            // Row subsampling only happens when a frequency is set.
            SubsampleFrequency = c["SubsampleFraction"] < 1 ? 1 : 0,
        };
        return x.Task switch
        {
            MlTask.BinaryClassification => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = x.Label, FeatureColumnName = x.Features, Booster = booster,
                NumberOfIterations = c.Int("NumberOfIterations"), NumberOfLeaves = c.Int("NumberOfLeaves"),
                MinimumExampleCountPerLeaf = c.Int("MinimumExampleCountPerLeaf"), LearningRate = c["LearningRate"],
                MaximumBinCountPerFeature = c.Int("MaximumBinCountPerFeature"),
                NumberOfThreads = x.Threads, Deterministic = x.Deterministic, Seed = x.Seed, Silent = true, Verbose = false,
            }),
            MlTask.MulticlassClassification => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = x.Label, FeatureColumnName = x.Features, Booster = booster,
                NumberOfIterations = c.Int("NumberOfIterations"), NumberOfLeaves = c.Int("NumberOfLeaves"),
                MinimumExampleCountPerLeaf = c.Int("MinimumExampleCountPerLeaf"), LearningRate = c["LearningRate"],
                MaximumBinCountPerFeature = c.Int("MaximumBinCountPerFeature"),
                NumberOfThreads = x.Threads, Deterministic = x.Deterministic, Seed = x.Seed, Silent = true, Verbose = false,
            }),
            _ => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = x.Label, FeatureColumnName = x.Features, Booster = booster,
                NumberOfIterations = c.Int("NumberOfIterations"), NumberOfLeaves = c.Int("NumberOfLeaves"),
                MinimumExampleCountPerLeaf = c.Int("MinimumExampleCountPerLeaf"), LearningRate = c["LearningRate"],
                MaximumBinCountPerFeature = c.Int("MaximumBinCountPerFeature"),
                NumberOfThreads = x.Threads, Deterministic = x.Deterministic, Seed = x.Seed, Silent = true, Verbose = false,
            }),
        };
    }
}
