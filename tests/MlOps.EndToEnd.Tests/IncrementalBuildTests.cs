using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>A second build with nothing changed never retrains; a changed data file or MlOps setting does.</summary>
[TestClass]
public sealed class IncrementalBuildTests
{
    private const string UpToDate = "MlOps: model is up to date";

    [TestMethod]
    public void RetrainsOnlyWhenSomethingChanged()
    {
        var project = ModelProject.CreateSynthetic("incremental", rows: 60, seed: 2);

        var first = project.Build();
        BuildAssert.Succeeded(first);
        StringAssert.Contains(first.Output, "MlOps: trial   1");
        var trained = project.SnapshotOutputs();
        CollectionAssert.IsSubsetOf(new[] { "model.zip", "schema.json", "metrics.json", "manifest.json", "model-card.md", "model-card.html" }, trained.Keys.ToList());
        StringAssert.StartsWith(File.ReadAllText(project.OutputFile("model-card.md")), "# Model card: Model 1.0.0\n");
        StringAssert.Contains(File.ReadAllText(project.OutputFile("model-card.html")), "id=\"chart-residuals\"");

        var second = project.Build();
        BuildAssert.Succeeded(second);
        StringAssert.Contains(second.Output, UpToDate);
        Assert.IsFalse(second.Output.Contains("MlOps: trial"), "the second build retrained:\n" + second.Output);
        CollectionAssert.AreEquivalent(trained.ToList(), project.SnapshotOutputs().ToList(), "a no-op build touched the outputs");

        // A new version (or card text) rewrites the card only: no training, the model files untouched.
        project.Set("Version", "2.1.0").Set("MlOpsModelCardDescription", "Prices houses; not for loans.\n  The team's own words.");
        var versioned = project.Build();
        BuildAssert.Succeeded(versioned);
        StringAssert.Contains(versioned.Output, UpToDate);
        StringAssert.Contains(versioned.Output, "MlOps: model card written");
        var card = File.ReadAllText(project.OutputFile("model-card.md"));
        StringAssert.StartsWith(card, "# Model card: Model 2.1.0\n");
        StringAssert.Contains(card, "\nPrices houses; not for loans. The team's own words.\n");
        var rewritten = project.SnapshotOutputs();
        foreach (var file in new[] { "model.zip", "schema.json", "metrics.json", "manifest.json" })
            Assert.AreEqual(trained[file], rewritten[file], $"{file} changed with the version");
        Assert.IsFalse(project.Build().Output.Contains("MlOps: model card written"), "an unchanged version rewrote the card");

        // A property change alone is enough to retrain.
        project.Set("MlOpsSeed", "7");
        var afterSetting = project.Build();
        BuildAssert.Succeeded(afterSetting);
        Assert.IsFalse(afterSetting.Output.Contains(UpToDate), afterSetting.Output);
        Assert.AreEqual(7, project.Manifest.Seed);
        var reseeded = project.SnapshotOutputs();
        StringAssert.Contains(project.Build().Output, UpToDate, "a build after a settings change retrained again");

        // So is a changed data file.
        File.AppendAllText(project.DataPath("data/train.csv"), "120,3,Oslo,400.00\n");
        var afterData = project.Build();
        BuildAssert.Succeeded(afterData);
        Assert.IsFalse(afterData.Output.Contains(UpToDate), afterData.Output);
        Assert.AreEqual(61, project.Manifest.Data.Single().Rows);
        Assert.AreNotEqual(reseeded["manifest.json"], project.SnapshotOutputs()["manifest.json"]);

        // Skipping training leaves everything alone, even with a pending change.
        project.Set("MlOpsSeed", "8");
        var skipped = project.Build("-p:MlOpsSkipTraining=true");
        BuildAssert.Succeeded(skipped);
        StringAssert.Contains(skipped.Output, "training skipped");
        Assert.AreEqual(7, project.Manifest.Seed);
    }

    [TestMethod]
    public void DesignTimeBuildDoesNotTrain()
    {
        var project = ModelProject.CreateSynthetic("designtime", rows: 40, seed: 3);

        var result = project.Build("-p:DesignTimeBuild=true");
        BuildAssert.Succeeded(result);
        Assert.IsFalse(Directory.Exists(project.OutputFolder), "a design-time build trained a model");
    }
}
