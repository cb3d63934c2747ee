using MlOps.Core.Artifacts;
using MlOps.Core.Schema;
using MlOps.Tool.Cards;

namespace MlOps.Tool.Tests;

/// <summary>Hand-made model outputs for each task, with hostile column and class names, to render cards from.</summary>
internal static class CardSamples
{
    public const string Hostile = "<script>alert('x')</script>";

    public static ModelCardInput For(MlTask task)
    {
        var label = task == MlTask.Regression ? "price" : "churned";
        var classes = task switch
        {
            MlTask.BinaryClassification => new[] { "no", "yes" },
            MlTask.MulticlassClassification => new[] { "bronze", "gold & co", "silver" },
            _ => null,
        };
        var schema = new DataSchema
        {
            Label = label, Task = task, LabelClasses = classes, RowCount = 500,
            Columns =
            [
                new ColumnSchema { Name = "tenure", Kind = ColumnKind.Numeric, MissingRate = 0.02, DistinctCount = 60, Min = 0, Max = 72, Mean = 30.5,
                    Quantiles = Enumerable.Range(0, 101).Select(i => 72 * Math.Pow(i / 100.0, 2)).ToArray() },
                new ColumnSchema { Name = Hostile, Kind = ColumnKind.Categorical, DistinctCount = 3,
                    Categories = [new("a|b", 300), new("<b>", 150), new("c", 50)] },
                new ColumnSchema { Name = "id", Kind = ColumnKind.Ignored, Reason = "id-like", DistinctCount = 500 },
                new ColumnSchema { Name = label, Kind = task == MlTask.Regression ? ColumnKind.Numeric : ColumnKind.Categorical, DistinctCount = 3,
                    Min = task == MlTask.Regression ? 10 : null, Max = task == MlTask.Regression ? 900 : null, Mean = task == MlTask.Regression ? 220 : null,
                    Categories = classes?.Select((c, i) => new CategoryCount(c, 100 + i)).ToList() },
            ],
        };
        var (optimizing, test) = task switch
        {
            MlTask.BinaryClassification => ("AreaUnderRocCurve", new Dictionary<string, double> { ["AreaUnderRocCurve"] = 0.8, ["Accuracy"] = 0.75, ["LogLoss"] = 0.51, ["F1Score"] = double.NaN }),
            MlTask.MulticlassClassification => ("MacroAccuracy", new Dictionary<string, double> { ["MacroAccuracy"] = 0.7, ["MicroAccuracy"] = 0.72, ["LogLoss"] = 0.8 }),
            _ => ("RSquared", new Dictionary<string, double> { ["RSquared"] = 0.66, ["RootMeanSquaredError"] = 41.25, ["MeanAbsoluteError"] = 30.1 }),
        };
        var metrics = new MetricsReport
        {
            OptimizingMetric = optimizing,
            ValidationMethod = "5-fold cross-validation",
            Validation = test.ToDictionary(kv => kv.Key, kv => kv.Value - 0.01),
            TestSource = "/home/someone/project/data/test.csv",
            Test = test,
            Trials = [new TrialRecord(1, "LightGbm", new Dictionary<string, string> { ["NumberOfLeaves"] = "16" }, 0.8, 0.01, 1.5, null)],
            FeatureImportance = [new("tenure", 0.12, 0.01), new(Hostile, 0.03, 0.005), new("noise", -0.001, 0.002)],
            FeatureImportanceMethod = "permutation of each raw column on 100 rows of the test data, 3 repeat(s), seed 0",
            ConfusionMatrix = classes is null ? null : new ConfusionMatrixRecord(classes,
                classes.Select((_, a) => (IReadOnlyList<int>)classes.Select((_, p) => a == p ? 40 + a : 5 + p).ToList()).ToList()),
            RocCurve = task == MlTask.BinaryClassification
                ? [new(0, 0, null), new(0.1, 0.5, 0.9), new(0.3, 0.8, 0.5), new(0.6, 0.95, 0.2), new(1, 1, -1.5)]
                : null,
            Residuals = task == MlTask.Regression
                ? new ResidualsRecord([-30, -15, 0, 15, 30], [5, 20, 22, 3], 0.4, 12.5,
                    [new(100, 110), new(250, 240), new(400, 395), new(800, 760)])
                : null,
        };
        var manifest = new Manifest
        {
            SdkVersion = "1.2.3", MlNetVersion = "5.0.1", Task = task.ToString(), Label = label, Seed = 0, OptimizingMetric = optimizing,
            Budget = new BudgetRecord(60, 3, 3),
            BestTrainer = new BestTrainerRecord("LightGbm", new Dictionary<string, string> { ["NumberOfLeaves"] = "16" }, 0.79, 0.01),
            Featurization = ["OneHot(" + Hostile + ")", "Concatenate(Features)"],
            Data = [new DataFileRecord("training", "data/train.csv", new string('a', 64), 500), new DataFileRecord("test", "data/test.csv", new string('b', 64), 100)],
            ModelSha256 = new string('c', 64),
            Git = new GitRecord(new string('d', 40), Dirty: true),
            StartedUtc = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            FinishedUtc = new DateTimeOffset(2026, 1, 2, 3, 5, 5, TimeSpan.Zero),
            TrainingSeconds = 60,
        };
        return new ModelCardInput
        {
            Name = "Contoso.Churn.Model", Version = "1.4.0", RepositoryUrl = "https://example.com/contoso/churn",
            Description = "Ranks customers for retention offers; not for pricing decisions.",
            Manifest = manifest, Metrics = metrics, Schema = schema,
        };
    }

    public static IEnumerable<object[]> Tasks => Enum.GetValues<MlTask>().Select(t => new object[] { t });
}
