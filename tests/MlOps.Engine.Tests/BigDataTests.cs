using System.Security.Cryptography;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Search;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Tests;

/// <summary>Large data on small synthetic files: the row schedule forced by lowering its threshold, and the measured memory ceiling.</summary>
[TestClass]
public sealed class BigDataTests
{
    /// <summary>15,000 rows: 12,000 after the test holdout, one validation holdout of 1,800, trials on 1,000 of the other 10,200, a rung of 3,000.</summary>
    private static (string Sha, AutoMLResult Result) Train(int seed)
    {
        var (data, schema) = SyntheticData.Create(MlTask.Regression, 15_000);
        var settings = SyntheticData.Settings(MlTask.Regression, seconds: 600, maxTrials: 6, seed: seed) with { SubsampleAboveRows = 2_000, FirstRungRows = 1_000 };
        var result = AutoMLEngine.Run(data, null, schema, settings);
        var path = Path.Combine(Path.GetTempPath(), $"mlops-big-{Guid.NewGuid():N}.zip");
        try
        {
            result.Save(path);
            return (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), result);
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void SubsampledSearchClimbsRungsRefitsOnAllRowsAndIsBitIdentical()
    {
        var (shaA, a) = Train(seed: 4);
        var (shaB, b) = Train(seed: 4);
        Assert.AreEqual(shaA, shaB, "fixed seed + MaxTrials on subsampled data: a bit-identical model.zip");
        CollectionAssert.AreEqual(a.Trials.Select(t => t.Metric).ToArray(), b.Trials.Select(t => t.Metric).ToArray());

        int[] Rows(IEnumerable<TrialResult> trials) => trials.Where(t => t.Error is null).Select(t => int.Parse(t.Hyperparameters["TrainingRows"])).ToArray();
        var search = Rows(a.Trials.Take(6));
        Assert.IsNotEmpty(search);
        Assert.IsTrue(search.All(r => r == 1_000), "the search's trials fit the first rung");
        var promoted = Rows(a.Trials.Skip(6));
        Assert.IsGreaterThanOrEqualTo(2, promoted.Length, "at least two contenders climb");
        Assert.IsTrue(promoted.All(r => r == 3_000), "to three times the rows");
        Assert.Contains("seeded sample of 1000 of 10200 rows", a.ValidationMethod);
        Assert.IsNull(a.Recipe!.TrainingRowCap, "the winner is refit on all rows");
        Assert.IsGreaterThan(0.7, a.TestMetrics["RSquared"]);
        Assert.IsEmpty(a.Warnings);
    }

    [TestMethod]
    public void ALeafCountScalesWithTheRowsOfFitsBeyondTheSearchs()
    {
        var leaf = new Hyperparameter(MinLeafScaling.Name, 2, 128, 20, Log: true, Integer: true);
        var leaves = new Hyperparameter("NumberOfLeaves", 4, 64, 4, Log: true, Integer: true);
        var config = new Configuration([leaf, leaves], [leaf.Encode(7), leaves.Encode(16)]);
        var schedule = new RowSchedule(FirstRows: 1_000, TrainRows: 10_200);

        Assert.AreSame(config, MinLeafScaling.At(config, 1_000, schedule), "the search's own rows: as searched");
        Assert.AreSame(config, MinLeafScaling.At(config, 100, schedule), "fewer rows (the timing probe): as searched");
        Assert.AreSame(config, MinLeafScaling.At(config, 3_000, null), "small data has no schedule: as searched");
        var rung = MinLeafScaling.At(config, 3_000, schedule);
        Assert.AreEqual(21, rung.Int(MinLeafScaling.Name), "three times the rows, three times the count");
        Assert.AreEqual(16, rung.Int("NumberOfLeaves"), "the other settings stay");
        Assert.AreEqual(7 * 2_900, MinLeafScaling.At(config, 2_900_000, schedule).Int(MinLeafScaling.Name), "beyond the searched range (128) too");
        Assert.AreEqual(7, config.Int(MinLeafScaling.Name), "the searched configuration is not changed");
        var linear = new Configuration([leaves], [leaves.Encode(16)]);
        Assert.AreSame(linear, MinLeafScaling.At(linear, 3_000, schedule), "a trainer without a leaf count");
    }

    [TestMethod]
    public void ARungLeavesTheIncumbentOnlyForAClearPairedGainOnItsValidationBlocks()
    {
        static TrialOutcome Outcome(params double[] blocks) =>
            new([], [], null, [blocks.Average()], false, 1, BlockLosses: blocks);
        var incumbent = Outcome(0.30, 0.25, 0.35, 0.28, 0.32, 0.27, 0.33, 0.26, 0.34, 0.30);
        // Lower on average, but better on some blocks and worse on others by more than the gain: luck.
        var lucky = Outcome(0.25, 0.30, 0.30, 0.33, 0.27, 0.32, 0.28, 0.31, 0.29, 0.34);
        Assert.IsLessThan(incumbent.FoldLosses[0], lucky.FoldLosses[0]);
        Assert.IsFalse(RowRungs.ClearGain(lucky, incumbent));
        // A small gain on every block is clear.
        var better = Outcome(incumbent.BlockLosses!.Select(l => l - 0.002).ToArray());
        Assert.IsTrue(RowRungs.ClearGain(better, incumbent));
        // A block whose metric is undefined (e.g. AUC over one class) leaves no clear gain.
        Assert.IsFalse(RowRungs.ClearGain(Outcome(0.1, double.PositiveInfinity, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1), incumbent));
        // Without blocks (cross-validation), the lower loss.
        Assert.IsTrue(RowRungs.ClearGain(new([], [], null, [0.2], false, 1), new([], [], null, [0.3], false, 1)));
    }

    [TestMethod]
    public void RungsGrowByTheFactorBelowTheFoldRows()
    {
        var settings = SyntheticData.Settings(MlTask.Regression);
        Assert.IsNull(RowSchedule.For(100_000, settings), "the shared tabular files keep every row in every fit");
        var schedule = RowSchedule.For(2_900_000, settings)!;
        Assert.AreEqual(100_000, schedule.FirstRows);
        CollectionAssert.AreEqual(new[] { 300_000, 900_000, 2_700_000 }, schedule.PromotionRungs().ToArray());
    }

    [TestMethod]
    public void MeasuredGrowthPerRowCapsTheRowsOfLaterFits()
    {
        var memory = new MemoryBudget((int)(MemoryBudget.ResidentBytes() >> 20) + 40);
        Assert.IsNull(memory.RowCap("Big", 1_000_000), "nothing measured yet, nothing capped");
        // A "fit" of 10,000 rows that touches 48 MB: about 5 KB a row, so 40 MB of headroom holds fewer than 10,000 rows.
        var held = memory.Measure("Big", 10_000, () => { var block = new byte[48 << 20]; Array.Fill(block, (byte)1); return block; });
        var cap = memory.RowCap("Big", 1_000_000);
        GC.KeepAlive(held);
        Assert.IsNotNull(cap);
        Assert.IsTrue(cap is >= 1_000 and < 10_000, $"cap {cap}");
        Assert.IsNull(memory.RowCap("Other", 1_000_000), "per trainer: another trainer's growth says nothing of this one");
    }

    [TestMethod]
    public void TwoFitsOfDifferentSizesSeparateTheFixedPartFromTheBytesPerRow()
    {
        // Fits that touch 40 MB fixed + 1 KB a row: 8,000 rows grow ~48 MB, 16,000 rows ~56 MB (both blocks stay held, so
        // freed memory the runtime keeps cannot hide the second growth). With ~400 MB of headroom, one fit's ratio (~6 KB
        // a row) caps near 45,000 rows; the line through both (1 KB a row after 40 MB, its slope never under half the larger fit's ratio) allows at least twice as many.
        var memory = new MemoryBudget((int)(MemoryBudget.ResidentBytes() >> 20) + 400);
        static byte[] Touch(int rows) { var block = new byte[(40 << 20) + rows * 1024]; Array.Fill(block, (byte)1); return block; }
        var small = memory.Measure("Line", 8_000, () => Touch(8_000));
        var ratioOnly = memory.RowCap("Line", 10_000_000);
        var large = memory.Measure("Line", 16_000, () => Touch(16_000));
        var line = memory.RowCap("Line", 10_000_000);
        GC.KeepAlive(small);
        GC.KeepAlive(large);
        Assert.IsTrue(ratioOnly is > 1_000 and < 70_000, $"one fit: the ratio, cap {ratioOnly}");
        Assert.IsTrue(line is > 90_000 and < 400_000, $"two fits: the line, cap {line}");
        StringAssert.Contains(memory.Describe("Line"), "fits of 8000 and 16000 rows");
    }

    [TestMethod]
    public void AnExplicitCeilingTheDataAloneExceedsFailsBeforeAnyFit()
    {
        var (data, schema) = SyntheticData.Create(MlTask.Regression, 2_000);
        var settings = SyntheticData.Settings(MlTask.Regression, maxTrials: 3) with { MaxMemoryMB = 16 };
        var e = Assert.Throws<MlOpsException>(() => AutoMLEngine.Run(data, null, schema, settings));
        Assert.AreEqual(ErrorCodes.MemoryCeilingTooLow, e.Code);
        StringAssert.Contains(e.Message, "16 MB");
        Assert.AreEqual(data.Path, e.File);
    }

    /// <summary>Last in the class: it trains, and the memory tests above measure this process's resident set.</summary>
    [TestMethod]
    public void FitsOnMoreRowsThanTheSearchsScaleTheLeafCountAndTheRecipeRecordsTheRefits()
    {
        var (data, schema) = SyntheticData.Create(MlTask.Regression, 15_000);
        var settings = SyntheticData.Settings(MlTask.Regression, seconds: 600, maxTrials: 4, seed: 4, "FastTree", "LightGbm")
            with { SubsampleAboveRows = 2_000, FirstRungRows = 1_000 };
        var result = AutoMLEngine.Run(data, null, schema, settings);

        // ×3 on the rung of 3,000 rows; ×15 in the refit on all 15,000 rows, which the recipe records so a replay refits that very model.
        const string MinLeaf = MinLeafScaling.Name;
        static IEnumerable<KeyValuePair<string, string>> Others(TrialResult t) => t.Hyperparameters.Where(h => h.Key is not (MinLeaf or "TrainingRows"));
        TrialResult Searched(TrialResult climbed) => result.Trials.Take(4).Single(t => t.Error is null && t.Trainer == climbed.Trainer && Others(t).SequenceEqual(Others(climbed)));
        double Leaf(TrialResult t) => double.Parse(t.Hyperparameters[MinLeaf], System.Globalization.CultureInfo.InvariantCulture);
        var climbed = result.Trials.Skip(4).Where(t => t.Error is null).ToList();
        Assert.IsGreaterThanOrEqualTo(2, climbed.Count, "both trainers climb the rung");
        foreach (var t in climbed)
        {
            Assert.AreEqual("3000", t.Hyperparameters["TrainingRows"]);
            Assert.AreEqual(Math.Round(Leaf(Searched(t)) * 3), Leaf(t), t.Trainer);
        }
        Assert.IsNull(result.Recipe!.TrainingRowCap, "the refit fits all rows");
        Assert.AreEqual(Math.Round(Leaf(Searched(result.BestTrial)) * 15), result.Recipe.Hyperparameters[MinLeaf]);
    }
}
