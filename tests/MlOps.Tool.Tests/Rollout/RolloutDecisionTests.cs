using MlOps.Core.Metrics;
using MlOps.Tool.Rollout;

namespace MlOps.Tool.Tests.Rollout;

/// <summary>The five rules of docs/rollout.md "The decision", in order, and what their one-line reasons say.</summary>
[TestClass]
public sealed class RolloutDecisionTests
{
    private static readonly RolloutLimits Limits = new(MaxRegression: 0.01, MinLabeledRows: 100, MaxErrorRate: 0.01, MaxLatencySeconds: 0.5);

    private static PairedResult Paired(double worseBy, double lower, double upper, int rows = 400) =>
        new("AreaUnderRocCurve", rows, 0.88, 0.88 - worseBy, worseBy, lower, upper, 0.95, 1000);

    private static RolloutDecision Decide(PairedResult? paired, double? errorRate = null, double? p99 = null, int? rows = null) =>
        RolloutDecision.Decide(new RolloutEvidence("test", rows ?? paired?.Rows ?? 0, paired, errorRate, p99), Limits);

    [TestMethod]
    public void ErrorsOrLatencyRollBackEvenAClearlyBetterChallenger()
    {
        var better = Paired(-0.05, -0.07, -0.03);

        var errors = Decide(better, errorRate: 0.02);
        var slow = Decide(better, errorRate: 0.001, p99: 0.8);

        Assert.AreEqual(RolloutVerdict.Rollback, errors.Verdict);
        Assert.AreEqual("the challenger's server-error rate is 2%, above MlOpsRolloutMaxErrorRate 1%", errors.Reason);
        Assert.AreEqual(RolloutVerdict.Rollback, slow.Verdict);
        Assert.AreEqual("the challenger's p99 latency is 0.8 s, above MlOpsRolloutMaxLatency 0.5 s", slow.Reason);
        Assert.AreEqual(4, slow.ExitCode);
        Assert.AreEqual(RolloutVerdict.Promote, Decide(better, errorRate: 0.01, p99: 0.5).Verdict, "at the limits is within them");
    }

    [TestMethod]
    public void TooFewPairedRowsHoldSayingHowManyMore()
    {
        var decision = Decide(Paired(-0.05, -0.07, -0.03, rows: 40));

        Assert.AreEqual(RolloutVerdict.Hold, decision.Verdict);
        Assert.AreEqual(3, decision.ExitCode);
        StringAssert.Contains(decision.Reason, "40 paired labeled rows");
        StringAssert.EndsWith(decision.Reason, "MlOpsMinLabeledRows is 100: 60 more needed");
        Assert.AreEqual("MlOps: rollout decision: hold: " + decision.Reason, decision.Line);
        StringAssert.EndsWith(Decide(null).Reason, "100 more needed", "no paired evidence at all");
    }

    [TestMethod]
    public void EnoughRowsButAnUndefinedMetricHold()
    {
        var decision = Decide(null, rows: 150);

        Assert.AreEqual(RolloutVerdict.Hold, decision.Verdict);
        StringAssert.Contains(decision.Reason, "150 paired labeled rows, but the live metric is not defined on them");
    }

    [TestMethod]
    public void AnUpperBoundWithinTheAllowedRegressionPromotes()
    {
        var decision = Decide(Paired(-0.002, -0.02, 0.01));

        Assert.AreEqual(RolloutVerdict.Promote, decision.Verdict);
        Assert.AreEqual(0, decision.ExitCode);
        Assert.AreEqual("AreaUnderRocCurve champion 0.88, challenger 0.882 on 400 paired rows: worse by -0.002, at most 0.01 at 95% confidence, " +
            "within MlOpsMaxRegression 0.01", decision.Reason);
    }

    [TestMethod]
    public void ALowerBoundBeyondTheAllowedRegressionRollsBack()
    {
        var decision = Decide(Paired(0.04, 0.011, 0.07));

        Assert.AreEqual(RolloutVerdict.Rollback, decision.Verdict);
        StringAssert.Contains(decision.Reason, "worse by 0.04, at least 0.011 at 95% confidence, beyond MlOpsMaxRegression 0.01");
    }

    [TestMethod]
    public void AnIntervalAroundTheLimitHoldsWithAnEstimateOfTheRowsNeeded()
    {
        // Estimate 0 is 0.01 below the limit; the upper bound is 0.02 above the estimate: the interval must halve,
        // which takes four times the rows (1/sqrt(n)).
        var paired = Paired(0, -0.02, 0.02);

        var decision = Decide(paired);

        Assert.AreEqual(RolloutVerdict.Hold, decision.Verdict);
        Assert.AreEqual(1600, RolloutDecision.RowsNeeded(paired, Limits.MaxRegression));
        StringAssert.Contains(decision.Reason, "between -0.02 and 0.02 at 95% confidence, which includes MlOpsMaxRegression 0.01");
        StringAssert.EndsWith(decision.Reason, "about 1600 paired rows would settle it if the estimate holds, 1200 more");
        // Above the limit, the lower bound is the one to move.
        Assert.AreEqual(900, RolloutDecision.RowsNeeded(Paired(0.03, 0.0, 0.06), Limits.MaxRegression));
    }

    [TestMethod]
    public void AnEstimateOnTheLimitCannotBeSettledByRowsAlone()
    {
        var decision = Decide(Paired(0.01, -0.01, 0.03));

        Assert.AreEqual(RolloutVerdict.Hold, decision.Verdict);
        Assert.IsNull(RolloutDecision.RowsNeeded(Paired(0.01, -0.01, 0.03), Limits.MaxRegression));
        StringAssert.EndsWith(decision.Reason, "the estimate sits on the limit, so more rows settle it only if the estimate moves");
    }

    [TestMethod]
    public void AnUnknownConfidenceIsSaidToBeTheServices()
    {
        var paired = Paired(-0.03, -0.05, -0.01) with { Confidence = double.NaN };

        StringAssert.Contains(Decide(paired).Reason, "at most -0.01 at the service's confidence");
    }
}
