using System.Text.RegularExpressions;
using MlOps.Core.Schema;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet build` on the shared benchmark files, quirks included, as a user would set them up: the model loads,
/// predicts without the label, and beats a trivial baseline on the test file.
/// </summary>
[TestClass]
public sealed class SharedDatasetTests
{
    [TestMethod]
    public void TaxiFareRegressionOnASubset()
    {
        var project = ModelProject.Create("taxi");
        project.CopyData("taxi-fare-train.csv", "data/train.csv", maxLines: 4001);
        project.CopyData("taxi-fare-test.csv", "data/test.csv", maxLines: 2001);
        // A trial budget, so the result does not depend on how busy the machine is.
        project.Set("MlOpsLabelColumn", "fare_amount").Set("MlOpsTask", "Regression").Set("MlOpsTrainingTime", "60").Set("MlOpsMaxTrials", "8")
               .Item("MlOpsTrainingData", "data/train.csv").Item("MlOpsTestData", "data/test.csv");

        // Detailed verbosity: the console logger then shows every trial, not only new bests.
        var build = project.Build("-v:d");
        BuildAssert.Succeeded(build);

        var r2 = new ModelScorer(project, "data/test.csv").RSquared();
        Assert.IsTrue(r2 > 0.5, $"R² on the test file is {r2:0.000}");
        AssertProgressAndLineage(project, build.Output, "RSquared");
        Assert.AreEqual(ColumnKind.Categorical, project.Schema.Find("vendor_id")!.Kind);
        Assert.AreEqual(r2, project.Metrics.Test["RSquared"], 0.01, "metrics.json disagrees with the model's own predictions");
    }

    [TestMethod]
    public void HeartWithSemicolonsNoHeaderAndBom()
    {
        var (project, build) = BuildOnSharedFiles("heart-train.csv", "heart-test.csv", label: "Column13");

        Assert.AreEqual(MlTask.BinaryClassification, project.Schema.Task);
        var scorer = new ModelScorer(project, "data/test.csv");
        var (accuracy, majority) = (scorer.Accuracy(), scorer.MajorityClassRate());
        Assert.IsTrue(accuracy > majority, $"accuracy {accuracy:0.000} does not beat the majority class {majority:0.000}");
        AssertProgressAndLineage(project, build.Output, "AreaUnderRocCurve");
    }

    [TestMethod]
    public void IrisWithHashHeader()
    {
        var (project, build) = BuildOnSharedFiles("iris-train.txt", "iris-test.txt", label: "Label");

        Assert.AreEqual(MlTask.MulticlassClassification, project.Schema.Task);
        var accuracy = new ModelScorer(project, "data/test.txt").Accuracy();
        Assert.IsTrue(accuracy > 0.8, $"micro-accuracy {accuracy:0.000}");
        AssertProgressAndLineage(project, build.Output, "MacroAccuracy");
    }

    [TestMethod]
    public void WikidetoxWithText()
    {
        var (project, build) = BuildOnSharedFiles("wikidetox-train.tsv", "wikidetox-test.tsv", label: "Sentiment", seconds: 8);

        Assert.AreEqual(ColumnKind.Text, project.Schema.Find("SentimentText")!.Kind);
        var auc = new ModelScorer(project, "data/test.tsv").AreaUnderRocCurve();
        Assert.IsTrue(auc > 0.5, $"AUC {auc:0.000}");
    }

    /// <summary>Copies a shared train/test pair in as data/train.* and data/test.*, and builds with a time budget.</summary>
    private static (ModelProject Project, CommandResult Build) BuildOnSharedFiles(string train, string test, string label, int seconds = 6)
    {
        var project = ModelProject.Create(train.Split('-')[0]);
        var (trainPath, testPath) = (project.CopyData(train, "data/train" + Path.GetExtension(train)), project.CopyData(test, "data/test" + Path.GetExtension(test)));
        project.Set("MlOpsLabelColumn", label).Set("MlOpsTrainingTime", seconds.ToString())
               .Item("MlOpsTrainingData", trainPath).Item("MlOpsTestData", testPath);
        // Detailed verbosity: the console logger then shows every trial, not only new bests.
        var build = project.Build("-v:d");
        BuildAssert.Succeeded(build);
        return (project, build);
    }

    /// <summary>One progress line per trial (at detailed verbosity), a summary line, and a manifest that records the run.</summary>
    private static void AssertProgressAndLineage(ModelProject project, string output, string metric)
    {
        var manifest = project.Manifest;
        var metrics = project.Metrics;
        var trialLines = Regex.Matches(output, @"MlOps: trial +\d+ ").Count;
        Assert.AreEqual(metrics.Trials.Count, trialLines, "one progress line per trial");
        Assert.IsTrue(metrics.Trials.Count >= 2, "the search ran a single trial");
        StringAssert.Contains(output, $"MlOps: best trainer {manifest.BestTrainer.Trainer}");
        Assert.AreEqual(metric, manifest.OptimizingMetric);
        Assert.AreEqual(metrics.Trials.Count, manifest.Budget.TrialsRun);
        Assert.IsTrue(manifest.BestTrainer.Hyperparameters.Count > 0, "the best trainer's hyperparameters are not recorded");
        Assert.IsTrue(manifest.Featurization.Count > 0, "the featurization pipeline is not recorded");
        Assert.AreEqual(2, manifest.Data.Count);
        Assert.IsTrue(manifest.Data.All(d => d.Sha256.Length == 64 && d.Rows > 0));
        Assert.AreEqual(MlOps.Core.IO.FileHash.Sha256(project.OutputFile("model.zip")), manifest.ModelSha256);
        Assert.IsTrue(manifest.FinishedUtc >= manifest.StartedUtc);
        Assert.IsFalse(string.IsNullOrEmpty(manifest.SdkVersion) || string.IsNullOrEmpty(manifest.MlNetVersion));
        Assert.IsTrue(metrics.Trials.All(t => t.Hyperparameters.Count > 0 && t.Seconds >= 0));
    }
}
