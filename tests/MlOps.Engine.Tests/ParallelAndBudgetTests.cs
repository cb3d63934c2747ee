using System.Diagnostics;
using MlOps.Core.Data;
using MlOps.Core.Schema;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class ParallelAndBudgetTests
{
    private static byte[] ModelBytes(AutoMLResult result)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-engine-{Guid.NewGuid():N}.zip");
        try { result.Save(path); return File.ReadAllBytes(path); }
        finally { File.Delete(path); }
    }

    [TestMethod]
    [DataRow(MlTask.BinaryClassification)]
    [DataRow(MlTask.MulticlassClassification)]
    public void ParallelFoldsGiveTheSameModelsAsSequentialOnes(MlTask task)
    {
        var (data, schema) = SyntheticData.Create(task, 300);
        AutoMLResult Train(int parallelism) => AutoMLEngine.Run(data, null, schema,
            SyntheticData.Settings(task, seconds: 600, maxTrials: 7) with { MaxParallelism = parallelism });
        var one = Train(1);
        var two = Train(2);
        CollectionAssert.AreEqual(one.Trials.Select(t => t.Metric).ToArray(), two.Trials.Select(t => t.Metric).ToArray());
        CollectionAssert.AreEqual(one.Trials.Select(t => t.Pruned).ToArray(), two.Trials.Select(t => t.Pruned).ToArray());
        CollectionAssert.AreEqual(ModelBytes(one), ModelBytes(two), "model.zip must not depend on MaxParallelism");
    }

    [TestMethod]
    public void AFiveSecondBudgetHoldsIncludingTheRefit()
    {
        var (data, schema) = SyntheticData.Create(MlTask.BinaryClassification, 6_000);
        var clock = Stopwatch.StartNew();
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, seconds: 5));
        var elapsed = clock.Elapsed.TotalSeconds;
        Assert.IsLessThan(5.5, elapsed, $"the whole run (search, refit, scoring) took {elapsed:0.00} s, the search {result.SearchSeconds:0.00} s, {result.Trials.Count} trials, best {result.BestTrial.Trainer} {result.BestTrial.Seconds:0.00} s");
        Assert.IsGreaterThan(3, result.Trials.Count);
        Assert.IsGreaterThan(0.85, result.TestMetrics["AreaUnderRocCurve"]);
    }

    [TestMethod]
    public void TwentyTwoClassTextYieldsAModelWellWithinAMinute()
    {
        var (data, schema) = SyntheticData.Topics(1_320, 22, seed: 11);
        var clock = Stopwatch.StartNew();
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.MulticlassClassification, seconds: 8));
        var elapsed = clock.Elapsed.TotalSeconds;
        Assert.IsLessThan(12, elapsed, $"took {elapsed:0.0} s");
        Assert.IsNotNull(result.Model);
        // Chance is 1/22 (about 0.045).
        Assert.IsGreaterThan(0.3, result.TestMetrics["MicroAccuracy"]);
    }
}
