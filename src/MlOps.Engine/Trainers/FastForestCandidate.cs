using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MlOps.Core.Schema;
using MlOps.Engine.Search;

namespace MlOps.Engine.Trainers;

/// <summary>
/// Random forest. The binary forest is uncalibrated, so a Platt calibrator is appended to give it a
/// Probability column (log-loss, and the same outputs as the other binary trainers); multiclass via one-versus-all.
/// </summary>
internal sealed class FastForestCandidate : TrainerCandidate
{
    public override string Name => "FastForest";
    public override bool IsLinear => false;

    public override IReadOnlyList<Hyperparameter> Space(TrainerContext context) =>
    [
        new("NumberOfTrees", 4, 1000, 4, Log: true, Integer: true),
        new("NumberOfLeaves", 4, MaxLeaves(context), 4, Log: true, Integer: true),
        new("MinimumExampleCountPerLeaf", 1, 64, 10, Log: true, Integer: true),
        new("FeatureFraction", 0.1, 1, 1),
    ];

    /// <summary>A standard forest: 100 trees of 20 leaves, 70% of the features per tree.</summary>
    public override IReadOnlyList<IReadOnlyDictionary<string, double>> Defaults(TrainerContext context) =>
    [
        new Dictionary<string, double>
        {
            ["NumberOfTrees"] = 100, ["NumberOfLeaves"] = DefaultLeaves(context, 20),
            ["MinimumExampleCountPerLeaf"] = DefaultMinLeaf(context, 10), ["FeatureFraction"] = 0.7, [TextChars] = CharTrigrams,
        },
    ];

    public override double Cost(Configuration c, TrainerContext context) =>
        1 + 2 * TreeCost(c["NumberOfTrees"], c["NumberOfLeaves"], c["FeatureFraction"]) * ClassFactor(context);

    public override IEstimator<ITransformer> Build(MLContext ml, Configuration c, TrainerContext x)
    {
        FastForestBinaryTrainer.Options Binary() => new()
        {
            LabelColumnName = x.Label, FeatureColumnName = x.Features,
            NumberOfTrees = c.Int("NumberOfTrees"), NumberOfLeaves = c.Int("NumberOfLeaves"),
            MinimumExampleCountPerLeaf = c.Int("MinimumExampleCountPerLeaf"),
            FeatureFraction = c["FeatureFraction"], NumberOfThreads = x.Threads, Seed = x.Seed,
        };
        return x.Task switch
        {
            MlTask.BinaryClassification => ml.BinaryClassification.Trainers.FastForest(Binary())
                .Append(ml.BinaryClassification.Calibrators.Platt(labelColumnName: x.Label)),
            MlTask.MulticlassClassification => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastForest(Binary()), labelColumnName: x.Label),
            _ => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
            {
                LabelColumnName = x.Label, FeatureColumnName = x.Features,
                NumberOfTrees = c.Int("NumberOfTrees"), NumberOfLeaves = c.Int("NumberOfLeaves"),
                MinimumExampleCountPerLeaf = c.Int("MinimumExampleCountPerLeaf"),
                FeatureFraction = c["FeatureFraction"], NumberOfThreads = x.Threads, Seed = x.Seed,
            }),
        };
    }
}
