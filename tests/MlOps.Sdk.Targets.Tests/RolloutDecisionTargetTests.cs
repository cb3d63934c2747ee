using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>
/// -t:MlOpsRolloutDecision with the fake tool: the settings it hands the tool, where its evidence comes from, and the
/// tool's answer (exit 0, 3, 4) turned into success, MLOPS4021 or MLOPS4022, with $(MlOpsRolloutDecision) set in each case.
/// </summary>
[TestClass]
public sealed class RolloutDecisionTargetTests
{
    /// <summary>Runs the target with the fake tool answering <paramref name="decision"/>.</summary>
    private static CommandResult Decide(TargetProject project, string decision, params string[] arguments) =>
        project.WriteData("fake-decision", decision).Run(["-t:MlOpsRolloutDecision", .. arguments]);

    [TestMethod]
    public void SettingsAndAWildcardOfCaptureFilesReachTheTool()
    {
        using var project = new TargetProject().Set("MlOpsRolloutEvidence", "captures/labeled-*.csv").Set("MlOpsMaxRegression", "0.02")
            .Set("MlOpsAlertLatency", "0.3").Set("MlOpsMonitoringJob", "churn-prod").Set("Version", "1.5.0")
            .WriteData("captures/labeled-1.csv", "x").WriteData("captures/labeled-2.csv", "x").WriteData("captures/capture-1.csv", "x");

        var call = TargetProject.OneCall(project.Build("-t:MlOpsRolloutDecision"), "rollout-decision");

        CollectionAssert.AreEquivalent(new[] { "labeled-1.csv", "labeled-2.csv" }.Select(f => Path.Combine(project.Directory, "captures", f)).ToArray(),
            call.All("EvidenceFile").ToArray(), "MSBuild expands the wildcard");
        Assert.AreEqual("captures/labeled-*.csv", call["Evidence"]);
        Assert.AreEqual("0.02", call["MaxRegression"]);
        Assert.AreEqual("0.95", call["Confidence"]);
        Assert.AreEqual("100", call["MinLabeledRows"]);
        Assert.AreEqual("0.01", call["MaxErrorRate"]);
        Assert.AreEqual("0.3", call["MaxLatency"], "the latency limit follows MlOpsAlertLatency unless set");
        Assert.AreEqual("10m", call["Window"]);
        Assert.AreEqual("churn-prod", call["Job"]);
        Assert.AreEqual("model", call["Name"]);
        Assert.AreEqual("1.5.0", call["Version"]);
        Assert.AreEqual(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops") + "/", call["ModelFolder"]);
        Assert.AreEqual(project.ProjectFile, call["ProjectFile"]);
    }

    [TestMethod]
    public void AUrlIsPassedAsWrittenAndNoEvidenceMeansTheProductionData()
    {
        using var project = new TargetProject().Set("MlOpsRolloutEvidence", "prometheus:http://localhost:9090").Set("MlOpsRolloutMaxLatency", "0.2")
            .Set("MlOpsRolloutConfidence", "0.9").Set("MlOpsRolloutWindow", "5m")
            .Item("<MlOpsProductionData Include=\"captures/*.csv\" />").WriteData("captures/labeled-1.csv", "x");

        var url = TargetProject.OneCall(project.Build("-t:MlOpsRolloutDecision"), "rollout-decision");
        var files = TargetProject.OneCall(project.Build("-t:MlOpsRolloutDecision", "-p:MlOpsRolloutEvidence="), "rollout-decision");

        Assert.AreEqual("prometheus:http://localhost:9090", url["Evidence"]);
        Assert.AreEqual(0, url.All("EvidenceFile").Count);
        Assert.AreEqual("0.2", url["MaxLatency"]);
        Assert.AreEqual("0.9", url["Confidence"]);
        Assert.AreEqual("5m", url["Window"]);
        CollectionAssert.AreEqual(new[] { Path.Combine(project.Directory, "captures", "labeled-1.csv") }, files.All("EvidenceFile").ToArray());
    }

    [TestMethod]
    [DataRow("promote", 0, null)]
    [DataRow("hold", 1, "MLOPS4021: Rollout decision: hold: fake hold reason; 42 more.")]
    [DataRow("rollback", 1, "MLOPS4022: Rollout decision: roll back: fake rollback reason; 42 more.")]
    public void TheAnswerBecomesTheBuildResultAndTheProperty(string decision, int exitCode, string? error)
    {
        using var project = new TargetProject();

        var build = Decide(project, decision);
        var property = Decide(project, decision, "-getProperty:MlOpsRolloutDecision");

        Assert.AreEqual(exitCode, build.ExitCode, build.ToString());
        StringAssert.Contains(build.Output, $"MlOps: rollout decision: {decision}: fake {decision} reason; 42 more", "the decision line is shown");
        if (error is null) Assert.IsFalse(build.Output.Contains("error", StringComparison.Ordinal), build.Output);
        else StringAssert.Contains(build.Output, $"{project.ProjectFile} : error {error}");
        Assert.IsFalse(build.Output.Contains("MSB6006", StringComparison.Ordinal), "an answer is not a tool failure: " + build.Output);
        Assert.AreEqual(exitCode, property.ExitCode, property.ToString());
        CollectionAssert.Contains(property.Output.Split('\n').Select(l => l.Trim()).ToList(), decision,
            "-getProperty prints the decision on a line of its own, also when the target fails: " + property);
    }
}
