using MlOps.Core.Schema;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class DeterminismTests
{
    private static (byte[] Model, AutoMLResult Result) Train(int seed, MlTask task = MlTask.BinaryClassification, int trials = 4)
    {
        var (data, schema) = SyntheticData.Create(task, 300);
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(task, seconds: 600, maxTrials: trials, seed: seed));
        var path = Path.Combine(Path.GetTempPath(), $"mlops-engine-{Guid.NewGuid():N}.zip");
        try
        {
            result.Save(path);
            using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
                Assert.IsTrue(zip.Entries.All(e => e.LastWriteTime.Year == 2000), "entries carry the fixed timestamp, not the save time");
            return (File.ReadAllBytes(path), result);
        }
        finally { File.Delete(path); }
    }

    private static string Sequence(AutoMLResult r) =>
        string.Join("\n", r.Trials.Select(t => t.Trainer + " " + string.Join(",", t.Hyperparameters.Select(kv => kv.Key + "=" + kv.Value))));

    [TestMethod]
    public void SameSeedAndTrialBudgetGiveIdenticalModelAndMetrics()
    {
        var (bytesA, a) = Train(seed: 5);
        var (bytesB, b) = Train(seed: 5);
        Assert.AreEqual(Sequence(a), Sequence(b));
        CollectionAssert.AreEqual(a.Trials.Select(t => t.Metric).ToArray(), b.Trials.Select(t => t.Metric).ToArray());
        CollectionAssert.AreEqual(a.TestMetrics.OrderBy(kv => kv.Key).ToArray(), b.TestMetrics.OrderBy(kv => kv.Key).ToArray());
        CollectionAssert.AreEqual(bytesA, bytesB, "model.zip must be bit-identical");
        Assert.AreEqual(Core.IO.MlOpsJson.Serialize(a.Charts), Core.IO.MlOpsJson.Serialize(b.Charts), "the model card's chart data too");
    }

    [TestMethod]
    [DataRow(MlTask.MulticlassClassification)]
    [DataRow(MlTask.Regression)]
    public void EveryTrainerIsReproducible(MlTask task)
    {
        // 7 trials: every trainer's initial point plus a few local-search steps.
        var (bytesA, a) = Train(seed: 2, task, trials: 7);
        var (bytesB, b) = Train(seed: 2, task, trials: 7);
        Assert.AreEqual(Sequence(a), Sequence(b));
        CollectionAssert.AreEqual(a.Trials.Select(t => t.Metric).ToArray(), b.Trials.Select(t => t.Metric).ToArray());
        CollectionAssert.AreEqual(bytesA, bytesB);
    }

    [TestMethod]
    public void DifferentSeedSearchesDifferently()
    {
        var (_, a) = Train(seed: 5);
        var (_, b) = Train(seed: 6);
        Assert.AreNotEqual(Sequence(a) + a.ValidationMethod + string.Join(",", a.Trials.Select(t => t.Metric)),
            Sequence(b) + b.ValidationMethod + string.Join(",", b.Trials.Select(t => t.Metric)));
    }
}
