using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Tool.Compare;
using MlOps.Tool.Runs;

namespace MlOps.Tool.Tests;

/// <summary>
/// The compare command as the target starts it: the previous run comes from the run history (appended per training,
/// its files kept), the report and its Markdown land side by side and the Markdown is appended to the job summary;
/// a missing baseline, another task or label, and a model not built are MLOPS errors that name the file.
/// </summary>
[TestClass]
public sealed class CompareCommandTests
{
    private const string ProjectText = "<Project Sdk=\"MlOps.Sdk\">\n  <PropertyGroup>\n    <MlOpsCompareBaseline></MlOpsCompareBaseline>\n  </PropertyGroup>\n</Project>\n";

    [TestMethod]
    public void HistoryKeepsEachRunAndGivesThePreviousModel()
    {
        using var dir = new TempDir();
        var (baseline, current) = CompareSamples.For(MlTask.BinaryClassification);
        var store = Path.Combine(dir.Root, "model");
        var history = new RunHistory(Path.Combine(dir.Root, "runs"));

        history.Append(CompareSamples.WriteTo(store, baseline));
        history.Append(CompareSamples.WriteTo(store, current));

        var runs = history.Runs();
        CollectionAssert.AreEqual(new[] { 1, 2 }, runs.Select(r => r.Run).ToArray());
        CollectionAssert.AreEqual(new[] { "0001", "0002" }, runs.Select(r => r.Folder).ToArray());
        Assert.AreEqual(0.85, runs[1].TestMetric!.Value, 1e-9);
        Assert.AreEqual(2, File.ReadAllLines(history.FilePath).Length, "one line per run");
        foreach (var file in new[] { ArtifactFiles.Manifest, ArtifactFiles.Metrics, ArtifactFiles.Schema })
            Assert.IsTrue(File.Exists(Path.Combine(history.Folder, "0001", file)), file);
        Assert.AreEqual(baseline.Manifest.ModelSha256, MlOpsJson.Read<Manifest>(Path.Combine(history.FolderOf(runs[0]), ArtifactFiles.Manifest)).ModelSha256);

        Assert.AreEqual(1, history.PreviousOf(current.Manifest.ModelSha256)!.Run);
        Assert.AreEqual(2, history.PreviousOf(new string('0', 64))!.Run);
    }

    [TestMethod]
    public async Task WritesReportMarkdownAndJobSummaryAgainstThePreviousRun()
    {
        using var dir = new TempDir();
        var (baseline, current) = CompareSamples.For(MlTask.Regression);
        var store = Path.Combine(dir.Root, "model");
        var history = new RunHistory(Path.Combine(dir.Root, "runs"));
        history.Append(CompareSamples.WriteTo(store, baseline));
        history.Append(CompareSamples.WriteTo(store, current));
        var summary = dir.Write("step-summary.md", "# earlier step\n");
        var output = Path.Combine(dir.Root, "bin", "mlops-compare.html");

        var run = await Compare(dir, store, history, output, $"StepSummary={summary}");

        Assert.AreEqual(0, run.Exit, run.Log);
        StringAssert.Contains(run.Log, $"MlOps: run comparison written: {output} (Model 2.0.0 (run 2, 2026-01-02 03:05 UTC) against previous run (run 1, 2026-01-02 03:05 UTC): RSquared 0.66 → 0.71 (+0.05, better).)");
        StringAssert.Contains(File.ReadAllText(output), "id=\"chart-residuals-baseline\"");
        var markdown = File.ReadAllText(Path.ChangeExtension(output, ".md"));
        StringAssert.StartsWith(markdown, MarkdownComparison.Heading);
        Assert.AreEqual("# earlier step\n" + markdown + "\n", File.ReadAllText(summary), "appended to the job summary");
    }

    [TestMethod]
    public async Task NoEarlierRunIsMlops4040AtTheProject()
    {
        using var dir = new TempDir();
        var (_, current) = CompareSamples.For(MlTask.Regression);
        var store = Path.Combine(dir.Root, "model");
        var history = new RunHistory(Path.Combine(dir.Root, "runs"));
        history.Append(CompareSamples.WriteTo(store, current));

        var run = await Compare(dir, store, history, Path.Combine(dir.Root, "out.html"));

        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, $"{Path.Combine(dir.Root, "Model.csproj")}(3) : error MLOPS4040: There is no earlier run to compare with: the run history ({history.FilePath}) has 1 run");
        Assert.IsFalse(File.Exists(Path.Combine(dir.Root, "out.html")));
    }

    [TestMethod]
    public async Task BaselineOfAnotherLabelIsMlops4041AtItsManifest()
    {
        using var dir = new TempDir();
        var (baseline, current) = CompareSamples.For(MlTask.BinaryClassification);
        var other = CompareSamples.WriteTo(Path.Combine(dir.Root, "other"), baseline with { Manifest = baseline.Manifest with { Label = "plan" } });
        var store = CompareSamples.WriteTo(Path.Combine(dir.Root, "model"), current);

        var run = await Compare(dir, store, new RunHistory(Path.Combine(dir.Root, "runs")), Path.Combine(dir.Root, "out.html"),
            $"Baseline={other}", "BaselineName=../other");

        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, $"{Path.Combine(other, ArtifactFiles.Manifest)} : error MLOPS4041: The baseline ../other predicts 'plan' (BinaryClassification), the current model 'churned' (BinaryClassification)");
    }

    [TestMethod]
    public async Task NoTrainedModelIsMlops4042()
    {
        using var dir = new TempDir();
        var run = await Compare(dir, Path.Combine(dir.Root, "model"), new RunHistory(Path.Combine(dir.Root, "runs")), Path.Combine(dir.Root, "out.html"));

        Assert.AreEqual(1, run.Exit);
        StringAssert.StartsWith(run.Log, $"{Path.Combine(dir.Root, "Model.csproj")} : error MLOPS4042: There is no trained model to compare");
    }

    private static Task<ToolRun.Result> Compare(TempDir dir, string store, RunHistory history, string output, params string[] more) =>
        ToolRun.Command("compare", dir, [$"ProjectFile={dir.Write("Model.csproj", ProjectText)}", $"ModelFolder={store}", $"RunHistory={history.Folder}",
            $"Output={output}", "Name=Model 2.0.0", .. more]);
}
