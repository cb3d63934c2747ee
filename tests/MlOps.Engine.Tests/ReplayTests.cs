using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine.Replay;

namespace MlOps.Engine.Tests;

/// <summary>Replay refits a recorded recipe without a search: bit-identical model bytes every time.</summary>
[TestClass]
public sealed class ReplayTests
{
    internal static byte[] Bytes(AutoMLResult result)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-replay-{Guid.NewGuid():N}.zip");
        try { result.Save(path); return File.ReadAllBytes(path); }
        finally { File.Delete(path); }
    }

    /// <summary>The recipe as a later build reads it: through manifest JSON.</summary>
    private static TrainingRecipe RoundTrip(TrainingRecipe recipe) => MlOpsJson.Deserialize<TrainingRecipe>(MlOpsJson.Serialize(recipe));

    private static AutoMLResult Replay(MlTask task, TrainingRecipe recipe, int seed, int rows = 300)
    {
        var (data, schema) = SyntheticData.Create(task, rows);
        return ReplayEngine.Run(data, null, schema, RoundTrip(recipe), seed, null, "manifest.json");
    }

    [TestMethod]
    [DataRow(MlTask.BinaryClassification)]
    [DataRow(MlTask.MulticlassClassification)]
    [DataRow(MlTask.Regression)]
    public void ReplayingATimeBudgetedRunTwiceGivesIdenticalBytesAndMetrics(MlTask task)
    {
        var (data, schema) = SyntheticData.Create(task, 300);
        var original = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(task, seconds: 2, seed: 3));
        Assert.IsNotNull(original.Recipe);
        Assert.AreEqual(original.BestTrial.Trainer, original.Recipe.Trainer);

        var a = Replay(task, original.Recipe, seed: 3);
        var b = Replay(task, original.Recipe, seed: 3);
        CollectionAssert.AreEqual(Bytes(a), Bytes(b), "two replays must give the same model.zip bytes");
        CollectionAssert.AreEqual(a.TestMetrics.OrderBy(kv => kv.Key).ToList(), b.TestMetrics.OrderBy(kv => kv.Key).ToList());
        Assert.HasCount(1, a.Trials);
        Assert.AreEqual(original.BestTrial.Trainer, a.BestTrial.Trainer);
        CollectionAssert.AreEquivalent(original.BestTrial.Hyperparameters.ToList(), a.BestTrial.Hyperparameters.ToList());
        CollectionAssert.AreEqual(original.Featurization.ToList(), a.Featurization.ToList());
        CollectionAssert.AreEqual(a.FeatureImportance.ToList(), b.FeatureImportance.ToList());
    }

    [TestMethod]
    public void ReplayOfATrialBudgetedRunReproducesItsModel()
    {
        var (data, schema) = SyntheticData.Create(MlTask.BinaryClassification, 300);
        var original = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, maxTrials: 4, seed: 5));
        var replay = Replay(MlTask.BinaryClassification, original.Recipe!, seed: 5);
        CollectionAssert.AreEqual(Bytes(original), Bytes(replay), "a MaxTrials run is single-threaded: its replay is the same model");
        Assert.AreEqual(original.BestTrial.Metric, replay.BestTrial.Metric);
        CollectionAssert.AreEqual(original.TestMetrics.OrderBy(kv => kv.Key).ToList(), replay.TestMetrics.OrderBy(kv => kv.Key).ToList());
        Assert.AreEqual(Core.IO.MlOpsJson.Serialize(original.Charts), Core.IO.MlOpsJson.Serialize(replay.Charts), "the same chart data");
        Assert.IsNotNull(replay.Charts.RocCurve);
    }

    [TestMethod]
    public void ReplayKeepsTheCodedColumnsAndTheirOneHotChoice()
    {
        var (data, schema) = SyntheticData.Coded(300);
        var original = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, maxTrials: 2, seed: 4, trainers: "Lbfgs"));
        var recipe = RoundTrip(original.Recipe!);
        CollectionAssert.AreEqual(new[] { "code" }, recipe.Featurization.Coded.ToArray());
        Assert.AreEqual(original.BestTrial.Hyperparameters["CodedCategories"], recipe.Choices["CodedCategories"]);
        var replay = ReplayEngine.Run(data, null, schema, recipe, 4, null, "manifest.json");
        CollectionAssert.AreEqual(Bytes(original), Bytes(replay), "a MaxTrials run and its replay give the same model");
        CollectionAssert.AreEqual(original.Featurization.ToList(), replay.Featurization.ToList());
    }

    [TestMethod]
    public void ARecordedColumnMissingFromTheDataIsMlops3011()
    {
        var (data, schema) = SyntheticData.Create(MlTask.Regression, 120);
        var recipe = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.Regression, maxTrials: 1)).Recipe!;
        var renamed = new Core.Data.TabularData("new.csv", ',', true, ["x1", "x3", "color", "target"], data.Columns);
        var manifest = new Manifest
        {
            SdkVersion = "test", MlNetVersion = "test", Task = "Regression", Label = "target", Seed = 1, OptimizingMetric = "RSquared",
            Budget = new BudgetRecord(60, 1, 1), BestTrainer = new BestTrainerRecord(recipe.Trainer, new Dictionary<string, string>(), 0, 0),
            Featurization = [], Data = [], ModelSha256 = "", StartedUtc = default, FinishedUtc = default, TrainingSeconds = 0, Recipe = recipe,
        };
        var error = Assert.ThrowsExactly<MlOpsException>(() => ReplayEngine.AdaptSchema(schema, manifest, renamed, "manifest.json"));
        Assert.AreEqual(ErrorCodes.ReplayManifestIncompatible, error.Code);
        StringAssert.Contains(error.Message, "'x 2'");

        // The data's own extra columns are ignored; recorded ones keep their recorded kind and order.
        var adapted = ReplayEngine.AdaptSchema(schema, manifest, data, "manifest.json");
        CollectionAssert.AreEqual(recipe.Columns.Select(c => c.Name).ToList(), adapted.Features.Select(c => c.Name).ToList());
    }
}
