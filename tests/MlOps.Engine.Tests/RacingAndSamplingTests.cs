using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class RacingAndSamplingTests
{
    private static TrialOutcome Outcome(params double[] foldLosses) => new([], [], null, foldLosses, false, 1);

    [TestMethod]
    public void RacingPrunesOnlyWhatIsClearlyWorseOnFoldZero()
    {
        Assert.IsNull(RaceBar.From(null), "no incumbent, no racing");
        Assert.IsNull(RaceBar.From(Outcome(-0.9)), "a holdout has nothing to race on");
        // Incumbent: accuracy 0.90 on fold 0, spread 0.02 across folds.
        var bar = RaceBar.From(Outcome(-0.90, -0.92, -0.88))!;
        Assert.IsFalse(bar.Prunes(-0.95), "better");
        Assert.IsFalse(bar.Prunes(-0.885), "within the incumbent's spread");
        Assert.IsTrue(bar.Prunes(-0.85), "clearly worse");
        // Near-identical folds: the relative floor keeps noise-level differences alive.
        Assert.IsFalse(RaceBar.From(Outcome(-0.9, -0.9, -0.9))!.Prunes(-0.895));
    }

    [TestMethod]
    public void PrunedTrialsAreReportedButNeverWin()
    {
        var (data, schema) = SyntheticData.Create(MlTask.BinaryClassification, 400);
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, maxTrials: 20));
        var pruned = result.Trials.Where(t => t.Pruned).ToList();
        Assert.IsNotEmpty(pruned, "some of 20 trials race out on fold 0");
        Assert.IsTrue(pruned.All(t => t.Error is null && double.IsFinite(t.Metric) && t.MetricStdDev == 0));
        Assert.IsFalse(result.BestTrial.Pruned);
        // The pick is one of the complete trials, not necessarily the highest fold mean (see SelectionTests).
        Assert.IsTrue(result.Trials.Where(t => t.Error is null && !t.Pruned).Contains(result.BestTrial));
    }

    [TestMethod]
    public void SamplerCapsRowsReproduciblyAndNested()
    {
        var rows = Enumerable.Range(0, 5_000).ToArray();
        var sampler = new RowSampler(5_000, 1_000, seed: 3);
        var sample = sampler.Sample(rows);
        Assert.HasCount(1_000, sample);
        CollectionAssert.AreEqual(sample, new RowSampler(5_000, 1_000, seed: 3).Sample(rows));
        CollectionAssert.AreNotEqual(sample, new RowSampler(5_000, 1_000, seed: 4).Sample(rows));
        CollectionAssert.AreEqual(sample.Order().ToArray(), sample, "original order is kept");
        var half = rows.Where(r => r % 2 == 0).ToArray();
        Assert.HasCount(1_000, sampler.Sample(half));
        Assert.AreSame(half, new RowSampler(5_000, null, 1).Sample(half), "no cap, no copy");
        var small = rows[..10];
        Assert.AreSame(small, sampler.Sample(small), "under the cap, no copy");
    }

    [TestMethod]
    public void SamplesUnderLargerLimitsContainSmallerOnes()
    {
        var rows = Enumerable.Range(0, 5_000).ToArray();
        var sampler = new RowSampler(5_000, null, seed: 3);
        var small = sampler.Sample(rows, 500);
        var large = sampler.Sample(rows, 1_500);
        Assert.HasCount(500, small);
        Assert.HasCount(1_500, large);
        Assert.IsTrue(small.All(large.Contains), "a rung's sample holds the rung below");
        Assert.HasCount(1_000, new RowSampler(5_000, 1_000, seed: 3).Sample(rows, 2_000), "the fixed cap still applies");
    }
}
