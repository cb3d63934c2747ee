using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MlOps.Core.Schema;
using MlOps.Engine.Search;

namespace MlOps.Engine.Trainers;

/// <summary>ML.NET's gradient-boosted trees; multiclass through one-versus-all.</summary>
internal sealed class FastTreeCandidate : TrainerCandidate
{
    public override string Name => "FastTree";
    public override bool IsLinear => false;

    public override IReadOnlyList<Hyperparameter> Space(TrainerContext context) =>
    [
        new("NumberOfTrees", 4, 2000, 4, Log: true, Integer: true),
        new("NumberOfLeaves", 4, MaxLeaves(context), 4, Log: true, Integer: true),
        new("MinimumExampleCountPerLeaf", 2, 128, 20, Log: true, Integer: true),
        new("LearningRate", 1.0 / 1024, 1, 0.1, Log: true),
        new("FeatureFraction", 0.1, 1, 1),
    ];

    /// <summary>ML.NET's FastTree defaults: 100 trees, 20 leaves, 10 rows per leaf, rate 0.2.</summary>
    public override IReadOnlyList<IReadOnlyDictionary<string, double>> Defaults(TrainerContext context) =>
    [
        new Dictionary<string, double>
        {
            ["NumberOfTrees"] = 100, ["NumberOfLeaves"] = DefaultLeaves(context, 20),
            ["MinimumExampleCountPerLeaf"] = DefaultMinLeaf(context, 10), ["LearningRate"] = 0.2, [TextChars] = CharTrigrams,
        },
    ];

    public override double Cost(Configuration c, TrainerContext context) =>
        1 + 2 * TreeCost(c["NumberOfTrees"], c["NumberOfLeaves"], c["FeatureFraction"]) * ClassFactor(context);

    public override IEstimator<ITransformer> Build(MLContext ml, Configuration c, TrainerContext x)
    {
        FastTreeBinaryTrainer.Options Binary(string label) => new()
        {
            LabelColumnName = label, FeatureColumnName = x.Features,
            NumberOfTrees = c.Int("NumberOfTrees"), NumberOfLeaves = c.Int("NumberOfLeaves"),
            MinimumExampleCountPerLeaf = c.Int("MinimumExampleCountPerLeaf"), LearningRate = c["LearningRate"],
            FeatureFraction = c["FeatureFraction"], NumberOfThreads = x.Threads, Seed = x.Seed,
        };
        return x.Task switch
        {
            MlTask.BinaryClassification => ml.BinaryClassification.Trainers.FastTree(Binary(x.Label)),
            MlTask.MulticlassClassification => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(Binary(x.Label)), labelColumnName: x.Label),
            _ => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                LabelColumnName = x.Label, FeatureColumnName = x.Features,
                NumberOfTrees = c.Int("NumberOfTrees"), NumberOfLeaves = c.Int("NumberOfLeaves"),
                MinimumExampleCountPerLeaf = c.Int("MinimumExampleCountPerLeaf"), LearningRate = c["LearningRate"],
                FeatureFraction = c["FeatureFraction"], NumberOfThreads = x.Threads, Seed = x.Seed,
            }),
        };
    }
}
