using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>-p:MlOpsReplay=true refits the recipe a manifest recorded: no search, identical bytes on every replay.</summary>
[TestClass]
public sealed class ReplayTests
{
    private static readonly string[] ReplayCommitted = ["-p:MlOpsReplay=true", "-p:MlOpsReplayManifest=models/manifest.json"];

    /// <summary>What must not change between replays (metrics.json also holds durations, which do).</summary>
    private static string Outcome(ModelProject project)
    {
        var m = project.Metrics;
        return MlOpsJson.Serialize(new
        {
            project.Manifest.ModelSha256, m.Validation, m.Test, m.FeatureImportance,
            Trials = m.Trials.Select(t => new { t.Trainer, t.Hyperparameters, t.Metric, t.MetricStdDev }),
        });
    }

    [TestMethod]
    public void ReplayOfATimeBudgetedRunIsBitForBitRepeatable()
    {
        var project = ModelProject.Create("replay");
        project.WriteData("data/train.csv", SyntheticData.HousePrices(rows: 150, seed: 4));
        project.Set("MlOpsLabelColumn", "price").Set("MlOpsTrainingTime", "3").Item("MlOpsTrainingData", "data/train.csv");

        BuildAssert.Succeeded(project.Build());
        var searched = project.Manifest;
        Assert.AreEqual(ManifestModes.Search, searched.Mode);
        Assert.IsNotNull(searched.Recipe);
        Assert.HasCount(3, project.Metrics.FeatureImportance, "one importance per input column");
        // Replay a manifest kept in the repository, as a team would commit it.
        File.Copy(project.OutputFile(ArtifactFiles.Manifest), project.DataPath("models/manifest.json"));

        var first = project.Build(ReplayCommitted);
        BuildAssert.Succeeded(first);
        StringAssert.Contains(first.Output, "MlOps: replaying " + searched.Recipe.Trainer);
        var replayed = project.Manifest;
        var outcome = Outcome(project);
        Assert.AreEqual(ManifestModes.Replay, replayed.Mode);
        Assert.AreEqual(FileHash.Sha256(project.DataPath("models/manifest.json")), replayed.ReplayOf!.Sha256);
        Assert.AreEqual("models/manifest.json", replayed.ReplayOf.Path);
        Assert.AreEqual(searched.BestTrainer.Trainer, replayed.BestTrainer.Trainer);
        CollectionAssert.AreEquivalent(searched.BestTrainer.Hyperparameters.ToList(), replayed.BestTrainer.Hyperparameters.ToList());
        Assert.AreEqual(MlOpsJson.Serialize(searched.Recipe), MlOpsJson.Serialize(replayed.Recipe));
        Assert.AreEqual(searched.Seed, replayed.Seed);
        Assert.HasCount(1, project.Metrics.Trials);

        // Same options again would be an up-to-date no-op; a deleted model forces the retrain without changing its inputs
        // (the stored one: a deleted copy in bin/ is only copied again).
        File.Delete(project.StoreFile(ArtifactFiles.Model));
        var second = project.Build(ReplayCommitted);
        BuildAssert.Succeeded(second);
        StringAssert.Contains(second.Output, "MlOps: replaying");
        Assert.AreEqual(outcome, Outcome(project), "two replays must give identical model bytes and metrics");

        // Replaying the output manifest (the default) refits the same recipe, so the same model again.
        var third = project.Build("-p:MlOpsReplay=true");
        BuildAssert.Succeeded(third);
        StringAssert.Contains(third.Output, "MlOps: replaying");
        Assert.AreEqual(outcome, Outcome(project));
        var upToDate = project.Build("-p:MlOpsReplay=true");
        BuildAssert.Succeeded(upToDate);
        StringAssert.Contains(upToDate.Output, "MlOps: model is up to date");
    }

    [TestMethod]
    public void ReplayWithoutAManifestFailsClearly()
    {
        var project = ModelProject.Create("replay-missing");
        project.WriteData("data/train.csv", SyntheticData.HousePrices(rows: 40, seed: 5));
        project.Set("MlOpsLabelColumn", "price").Item("MlOpsTrainingData", "data/train.csv");

        var result = project.Build("-p:MlOpsReplay=true", "-p:MlOpsReplayManifest=models/none.json");
        BuildAssert.FailedWith(result, "MLOPS3010", "none.json", "no manifest to replay");
        Assert.IsFalse(Directory.Exists(project.OutputFolder), "a failed replay wrote outputs");

        project.WriteData("models/broken.json", "{ not json");
        var broken = project.Build("-p:MlOpsReplay=true", "-p:MlOpsReplayManifest=models/broken.json");
        BuildAssert.FailedWith(broken, "MLOPS3010", "broken.json", "cannot be read");
    }
}
