using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Tests.Rollout;

/// <summary>The rollout-decision command on labeled capture files with both models' answers: decision, exit code, files it writes, lineage.</summary>
[TestClass]
public sealed class FileEvidenceTests
{
    [TestMethod]
    public async Task ABetterChallengerIsPromotedAndRecorded()
    {
        using var project = new RolloutProject();
        var files = new[] { project.WriteCapture("labeled-20261128T090000Z-1.csv", 300, championNoise: 1.4, challengerNoise: 0.5, unpaired: 50) };

        var result = await project.DecideOnFilesAsync(files);

        Assert.AreEqual(0, result.Exit, result.Log);
        StringAssert.StartsWith(result.Log, "@mlops:summary\tMlOps: rollout decision: promote: AreaUnderRocCurve champion 0.", "a summary line: every logger shows it");
        StringAssert.Contains(result.Log, "on 300 paired rows", "rows only one model scored are not paired");
        Assert.AreEqual("promote", File.ReadAllText(project.ResultFile));
        var record = project.Decisions.Single();
        Assert.AreEqual("promote", record.Decision);
        Assert.AreEqual(File.ReadAllText(project.ReasonFile), record.Reason);
        Assert.AreEqual("1.5.0", record.ChallengerVersion);
        Assert.AreEqual("feed0123", record.ModelSha256);
        Assert.AreEqual(300, record.Evidence.PairedRows);
        Assert.AreEqual(0.95, record.Evidence.Confidence);
        Assert.IsTrue(record.Evidence.Upper < 0, $"{record.Evidence}");
        Assert.IsNull(record.Evidence.ErrorRate, "capture files carry no error rate");
        StringAssert.Contains(record.Source, "labeled-20261128T090000Z-1.csv");
        Assert.IsTrue(DateTimeOffset.UtcNow - record.TimeUtc < TimeSpan.FromMinutes(1));
    }

    [TestMethod]
    public async Task AWorseChallengerIsRolledBackAndDecisionsAccumulate()
    {
        using var project = new RolloutProject();
        var better = project.WriteCapture("labeled-1.csv", 300, championNoise: 1.4, challengerNoise: 0.5);
        await project.DecideOnFilesAsync([better]);
        var worse = project.WriteCapture("labeled-2.csv", 300, championNoise: 0.5, challengerNoise: 1.4, seed: 2);

        var result = await project.DecideOnFilesAsync([worse], ("MaxRegression", "0.01"));

        Assert.AreEqual(4, result.Exit, result.Log);
        StringAssert.Contains(result.Log, "MlOps: rollout decision: rollback: ");
        StringAssert.Contains(result.Log, "beyond MlOpsMaxRegression 0.01");
        Assert.AreEqual("rollback", File.ReadAllText(project.ResultFile));
        CollectionAssert.AreEqual(new[] { "promote", "rollback" }, project.Decisions.Select(d => d.Decision).ToArray(), "appended, never rewritten");
    }

    [TestMethod]
    public async Task TooFewPairedRowsHoldAndSayHowManyMore()
    {
        using var project = new RolloutProject();
        var files = new[] { project.WriteCapture("labeled-a.csv", 30, 1.4, 0.5), project.WriteCapture("labeled-b.csv", 25, 1.4, 0.5, seed: 4) };

        var result = await project.DecideOnFilesAsync(files);

        Assert.AreEqual(3, result.Exit, result.Log);
        StringAssert.Contains(result.Log, "MlOps: rollout decision: hold: 55 paired labeled rows");
        StringAssert.Contains(result.Log, "MlOpsMinLabeledRows is 100: 45 more needed");
        Assert.AreEqual("hold", File.ReadAllText(project.ResultFile));
    }

    [TestMethod]
    public async Task CapturesOfAOneModelImageAreNotEvidence()
    {
        using var project = new RolloutProject();
        var file = Path.Combine(project.Root, "labeled-old.csv");
        File.WriteAllText(file, "tenure,churn,mlops_prediction,mlops_score,mlops_model_version,mlops_time,mlops_prediction_id\n1,true,true,0.9,1.0.0,2026-11-28T09:00:00Z,a\n");

        var result = await project.DecideOnFilesAsync([file]);

        Assert.AreEqual(1, result.Exit, result.Log);
        StringAssert.Contains(result.Log, $"labeled-old.csv : error {ErrorCodes.RolloutEvidenceUnreadable}: The capture files (labeled-old.csv) have no 'mlops_model' column");
        Assert.AreEqual(0, project.Decisions.Count);
    }

    [TestMethod]
    public async Task AModelThatIsNotBuiltIsAnError()
    {
        using var project = new RolloutProject();
        File.Delete(Path.Combine(project.ModelFolder, "manifest.json"));

        var result = await project.DecideOnFilesAsync([project.WriteCapture("labeled-1.csv", 10, 1, 1)]);

        Assert.AreEqual(1, result.Exit, result.Log);
        StringAssert.Contains(result.Log, $"Model.csproj : error {ErrorCodes.RolloutModelNotBuilt}: The challenger is not built");
    }

    [TestMethod]
    [DataRow("Confidence", "1", "MlOpsRolloutConfidence", "MlOpsRolloutConfidence is '1', which is not a confidence above 0.5 and below 1")]
    [DataRow("MaxErrorRate", "5%", "MlOpsRolloutMaxErrorRate", "MlOpsRolloutMaxErrorRate is '5%', which is not a share between 0 and 1")]
    [DataRow("MaxLatency", "0", "MlOpsRolloutMaxLatency", "MlOpsRolloutMaxLatency is '0', which is not a number of seconds greater than 0")]
    [DataRow("MinLabeledRows", "2.5", "MlOpsMinLabeledRows", "MlOpsMinLabeledRows is '2.5', which is not a whole number of at least 1")]
    [DataRow("Window", "10 minutes", "MlOpsRolloutWindow", "MlOpsRolloutWindow is '10 minutes', which is not a Prometheus duration")]
    [DataRow("Evidence", "http://exa mple:80", "MlOpsRolloutEvidence", "MlOpsRolloutEvidence is 'http://exa mple:80', which is not an http(s) URL")]
    [DataRow("Evidence", "prometheus:ftp://host", "MlOpsRolloutEvidence", "MlOpsRolloutEvidence is 'ftp://host', which is not an http(s) URL")]
    [DataRow("Evidence", "captures/none-*.csv", "MlOpsRolloutEvidence", "MlOpsRolloutEvidence 'captures/none-*.csv' matched no file")]
    [DataRow("Evidence", "", "MlOpsRolloutEvidence", "No rollout evidence: set MlOpsRolloutEvidence")]
    public async Task ABadSettingPointsAtItsLine(string key, string value, string property, string message)
    {
        // The property on line 3 of the project, as a user sets it.
        using var project = new RolloutProject($"    <Other>x</Other>\n    <{property}>{value}</{property}>\n");

        var result = await project.DecideAsync((key, value));

        Assert.AreEqual(1, result.Exit, result.Log);
        StringAssert.Contains(result.Log, $"Model.csproj(4) : error {ErrorCodes.RolloutDecisionInvalidSetting}: {message}");
    }
}
