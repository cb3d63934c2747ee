using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Tests.Rollout;

/// <summary>The decision on the service's GET /rollout, served as docs/rollout.md writes it by a loopback server.</summary>
[TestClass]
public sealed class ServiceEvidenceTests
{
    /// <summary>The contract's document, with the challenger's counts and the paired part (null: no paired evidence yet).</summary>
    private static string Document(long scored, long errors, double p99, string paired) => $$"""
        {
          "mode": "shadow", "canaryPercent": 0,
          "models": {
            "challenger": { "version": "1.5.0", "sha256": "feed0123", "scored": {{scored}}, "errors": {{errors}}, "p99Seconds": {{p99}},
                            "labeledRows": 340, "live": { "Accuracy": 0.87, "AreaUnderRocCurve": 0.91 } },
            "champion":   { "version": "1.4.0", "sha256": "beef", "scored": {{scored}}, "errors": 0, "p99Seconds": 0.0003,
                            "labeledRows": 340, "live": { "Accuracy": 0.85, "AreaUnderRocCurve": 0.88 } }
          },
          "agreement": { "compared": 350, "agreed": 331, "ratio": 0.946 },
          "dropped": 0,
          "paired": {{paired}}
        }
        """;

    private const string Better = """
        { "metric": "AreaUnderRocCurve", "rows": 340, "champion": 0.88, "challenger": 0.91,
          "worseBy": -0.03, "lower": -0.05, "upper": -0.01, "confidence": 0.9, "resamples": 1000 }
        """;

    [TestMethod]
    public async Task ABetterChallengerWithoutErrorsIsPromotedAtTheAskedConfidence()
    {
        using var server = new TestHttpServer(_ => (200, "application/json", Document(350, 0, 0.0004, Better)));
        using var project = new RolloutProject();

        var result = await project.DecideAsync(("Evidence", server.Url + "/"), ("Confidence", "0.9"));

        Assert.AreEqual(0, result.Exit, result.Log);
        CollectionAssert.AreEqual(new[] { "/rollout?confidence=0.9" }, server.Requests, "the service recomputes the bounds at the decision's confidence");
        Assert.AreEqual("@mlops:summary\tMlOps: rollout decision: promote: AreaUnderRocCurve champion 0.88, challenger 0.91 on 340 paired rows: worse by -0.03, " +
            "at most -0.01 at 90% confidence, within MlOpsMaxRegression 0", result.Log.Trim());
        var record = project.Decisions.Single();
        Assert.AreEqual($"the service at {server.Url}/", record.Source);
        Assert.AreEqual(0.0, record.Evidence.ErrorRate);
        Assert.AreEqual(0.0004, record.Evidence.P99Seconds);
    }

    [TestMethod]
    public async Task ServerErrorsRollBack()
    {
        using var server = new TestHttpServer(_ => (200, "application/json", Document(1000, 20, 0.0004, Better)));
        using var project = new RolloutProject();

        var result = await project.DecideAsync(("Evidence", server.Url));

        Assert.AreEqual(4, result.Exit, result.Log);
        StringAssert.Contains(result.Log, "rollback: the challenger's server-error rate is 2%, above MlOpsRolloutMaxErrorRate 1%");
    }

    [TestMethod]
    public async Task NoPairedEvidenceYetHolds()
    {
        using var server = new TestHttpServer(_ => (200, "application/json", Document(12, 0, 0.0004, "null")));
        using var project = new RolloutProject();

        var result = await project.DecideAsync(("Evidence", server.Url));

        Assert.AreEqual(3, result.Exit, result.Log);
        StringAssert.Contains(result.Log, "hold: 0 paired labeled rows");
        StringAssert.Contains(result.Log, "100 more needed");
    }

    [TestMethod]
    public async Task AnUnreadableServiceIsAnErrorAtTheEvidenceLine()
    {
        using var server = new TestHttpServer(_ => (404, "text/plain", "not found"));
        using var project = new RolloutProject("    <MlOpsRolloutEvidence>http://…</MlOpsRolloutEvidence>\n");

        var notFound = await project.DecideAsync(("Evidence", server.Url));
        server.Dispose();
        var refused = await project.DecideAsync(("Evidence", server.Url));

        Assert.AreEqual(1, notFound.Exit, notFound.Log);
        StringAssert.Contains(notFound.Log, $"Model.csproj(3) : error {ErrorCodes.RolloutEvidenceUnreadable}: The rollout evidence at {server.Url}/rollout could not be read: it answered 404");
        Assert.AreEqual(1, refused.Exit, refused.Log);
        StringAssert.Contains(refused.Log, $"error {ErrorCodes.RolloutEvidenceUnreadable}: The rollout evidence at {server.Url}/rollout could not be read");
        Assert.AreEqual(0, project.Decisions.Count, "no decision without evidence");
    }
}
