using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Tests.Shared;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// A second build with nothing changed never retrains; a changed data file or MlOps setting does. Each training, and
/// only a training, adds a run to the history, and -t:MlOpsCompare compares the last with the one before (docs/compare.md).
/// </summary>
[TestClass]
public sealed class IncrementalBuildTests
{
    private const string UpToDate = "MlOps: model is up to date";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void RetrainsOnlyWhenSomethingChanged()
    {
        var project = ModelProject.CreateSynthetic("incremental", rows: 60, seed: 2);

        // CI's commit, as -p:SourceRevisionId gives it: the lineage's commit without asking git (the folder has none).
        const string commit = "4f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
        var first = project.Build($"-p:SourceRevisionId={commit}");
        BuildAssert.Succeeded(first);
        Assert.AreEqual(commit, project.Manifest.Git?.Commit);
        StringAssert.Contains(first.Output, "MlOps: trial   1");
        var trained = project.SnapshotOutputs();
        CollectionAssert.IsSubsetOf(new[] { "model.zip", "schema.json", "metrics.json", "manifest.json", "model-card.md", "model-card.html" }, trained.Keys.ToList());
        StringAssert.StartsWith(File.ReadAllText(project.OutputFile("model-card.md")), "# Model card: Model 1.0.0\n");
        StringAssert.Contains(File.ReadAllText(project.OutputFile("model-card.html")), "id=\"chart-residuals\"");

        // Another commit alone does not retrain: the revision reaches the tool outside the training inputs.
        var second = project.Build("-p:SourceRevisionId=00000000000000000000000000000000000000ff");
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

        // Three trainings, three runs; the builds that did not retrain added none.
        var history = Path.Combine(project.Directory, "obj", "mlops", "runs", "runs.jsonl");
        Assert.AreEqual(3, File.ReadAllLines(history).Length, File.ReadAllText(history));
        CompareWithThePreviousRun(project);

        // Skipping training leaves everything alone, even with a pending change.
        project.Set("MlOpsSeed", "8");
        var skipped = project.Build("-p:MlOpsSkipTraining=true");
        BuildAssert.Succeeded(skipped);
        StringAssert.Contains(skipped.Output, "training skipped");
        Assert.AreEqual(7, project.Manifest.Seed);
        Assert.AreEqual(3, File.ReadAllLines(history).Length, "a skipped training adds no run");
    }

    /// <summary>The report of the data change (one more row) against the seed change before it, as headless Chromium renders it.</summary>
    private void CompareWithThePreviousRun(ModelProject project)
    {
        var compared = project.Build("-t:MlOpsCompare");
        BuildAssert.Succeeded(compared);
        StringAssert.Contains(compared.Output, "MlOps: run comparison written: ");
        StringAssert.Contains(compared.Output, "(Model 2.1.0 (run 3, ");
        StringAssert.Contains(compared.Output, " against previous run (run 2, ");
        Assert.IsFalse(compared.Output.Contains("MlOps: trial", StringComparison.Ordinal), "comparing retrained:\n" + compared.Output);
        StringAssert.Contains(project.Build("-t:MlOpsCompare").Output, "MlOps: run comparison is up to date", "nothing changed, the report is not rewritten");

        var report = Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops-compare.html");
        var (dom, charts) = Chromium.Render(File.ReadAllText(report), TempFolders.New("compare-chromium"));
        foreach (var id in new[] { "chart-residuals-baseline", "chart-residuals-current", "chart-predicted-actual-baseline", "chart-predicted-actual-current", "chart-importance" })
        {
            Assert.IsTrue(charts.TryGetValue(id, out var chart), $"{id} was not rendered; rendered: {string.Join(", ", charts.Keys)}");
            Assert.IsTrue(chart.Width > 20 && chart.Height > 20 && chart.Shapes > 0, $"{id} is empty: {chart}");
        }
        // The data change: 60 → 61 rows, new content; the seed (changed by the run before) is the same in both.
        StringAssert.Contains(dom, "<td>training</td><td>data/train.csv</td><td class=\"num\">60</td><td class=\"num\">61</td><td class=\"num\">+1</td><td>changed: SHA-256 ");
        StringAssert.Contains(dom, "<td>Seed</td><td class=\"num\">7</td><td class=\"num\">7</td><td></td>");
        StringAssert.Contains(File.ReadAllText(Path.ChangeExtension(report, ".md")), "| training | data/train.csv | 60 | 61 | +1 | changed: SHA-256 ");

        // A picture of the report that outlives the temp folders (beside the test assembly), attached to the test result.
        var png = Path.Combine(AppContext.BaseDirectory, "TestResults", "compare-report.png");
        Chromium.Screenshot(report, png);
        TestContext.AddResultFile(png);
        TestContext.WriteLine($"Run comparison screenshot: {png}");
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
