using MlOps.Engine;
using MlOps.Sdk.Tasks;
using MlOps.Tool;

namespace MlOps.Tool.Tests;

/// <summary>What a user sees of a search: new bests and a periodic line as status, every other trial as detail.</summary>
[TestClass]
public sealed class TrialProgressTests
{
    private TimeSpan _now;

    [TestMethod]
    public void NewBestsAreStatusLinesAndOtherTrialsAreDetail()
    {
        var lines = Run("AreaUnderRocCurve", maxTrials: null, (0.70, 1), (0.65, 2), (0.80, 3), (0.79, 4));
        CollectionAssert.AreEqual(new[] { ToolOutput.Status, ToolOutput.Detail, ToolOutput.Status, ToolOutput.Detail }, lines.Select(l => l.Kind).ToList());
        StringAssert.Contains(lines[2].Fields[2], "MlOps: trial   3");
        StringAssert.EndsWith(lines[2].Fields[2], "(new best)");
        Assert.AreEqual("3/30 s", lines[2].Fields[0], "elapsed of budget");
        Assert.AreEqual("trial 3, best AreaUnderRocCurve=0.8000 (LightGbm, trial 3)", lines[2].Fields[1]);
    }

    [TestMethod]
    public void APeriodicStatusLineComesWhenNoTrialBeatsTheBestForAPeriod()
    {
        var lines = Run("AreaUnderRocCurve", maxTrials: null, (0.9, 1), (0.5, 2), (0.5, 2 + TrialProgress.Period.TotalSeconds));
        CollectionAssert.AreEqual(new[] { ToolOutput.Status, ToolOutput.Detail, ToolOutput.Detail, ToolOutput.Status }, lines.Select(l => l.Kind).ToList());
        Assert.AreEqual("MlOps: 12/30 s, 3 trials; best AreaUnderRocCurve=0.9000 (LightGbm, trial 1)", lines[3].Fields[2]);
    }

    [TestMethod]
    public void LowerIsBetterMetricsAndFailedTrialsAndATrialBudget()
    {
        var log = new StringWriter();
        var progress = new TrialProgress(log, "MeanAbsoluteError", 30, maxTrials: 5, () => _now);
        progress.Report(new TrialResult { Number = 1, Trainer = "Sdca", Hyperparameters = new Dictionary<string, string>(), Error = "out of memory" });
        progress.Report(Trial(2, 3.0));
        progress.Report(Trial(3, 2.0));
        progress.Report(Trial(4, 2.5));
        var lines = Parse(log);
        CollectionAssert.AreEqual(new[] { ToolOutput.Detail, ToolOutput.Status, ToolOutput.Status, ToolOutput.Detail }, lines.Select(l => l.Kind).ToList(), "a failed trial is never the best");
        Assert.AreEqual("3/5 trials, 0 s", lines[2].Fields[0]);
        StringAssert.Contains(lines[2].Fields[1], "best MeanAbsoluteError=2.0000");
    }

    private List<(string Kind, string[] Fields)> Run(string metric, int? maxTrials, params (double Metric, double AtSeconds)[] trials)
    {
        var log = new StringWriter();
        var progress = new TrialProgress(log, metric, 30, maxTrials, () => _now);
        var number = 0;
        foreach (var (value, at) in trials)
        {
            _now = TimeSpan.FromSeconds(at);
            progress.Report(Trial(++number, value));
        }
        return Parse(log);
    }

    private static TrialResult Trial(int number, double metric) =>
        new() { Number = number, Trainer = "LightGbm", Hyperparameters = new Dictionary<string, string>(), Metric = metric, Seconds = 0.5 };

    private static List<(string Kind, string[] Fields)> Parse(StringWriter log) =>
        log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
            ToolOutput.TryParse(l.TrimEnd('\r'), out var kind, out var fields) ? (kind, fields) : throw new AssertFailedException("not a progress line: " + l)).ToList();
}
