using MlOps.Core.Metrics;
using MlOps.Core.Schema;
using MlOps.Serving.Rollout;

namespace MlOps.Serving.Tests;

/// <summary>The paired bootstrap runs only when new paired rows arrived (or at a confidence not asked yet), and gives
/// Core's PairedComparison result over the rows held.</summary>
[TestClass]
public sealed class PairedEvidenceTests
{
    [TestMethod]
    public void TheComparisonIsComputedOncePerNewRowsAndConfidence()
    {
        var schema = TrainedModel.For(MlTask.BinaryClassification).Schema;
        var classes = schema.LabelClasses!;
        var evidence = new PairedEvidence(schema, "AreaUnderRocCurve", window: 100);
        Assert.IsNull(evidence.Compare(0.95), "no paired rows, no comparison");
        var random = new Random(3);
        var rows = Enumerable.Range(0, 60).Select(i =>
        {
            var positive = i % 2 == 0;
            var good = positive ? 0.6 + 0.4 * random.NextDouble() : 0.4 * random.NextDouble();
            var noise = random.NextDouble();
            return new PairedRow(classes[positive ? 1 : 0], classes[noise > 0.5 ? 1 : 0], noise, classes[good > 0.5 ? 1 : 0], good);
        }).ToList();
        foreach (var row in rows) evidence.Add(row);

        var first = evidence.Compare(0.95)!;
        Assert.AreSame(first, evidence.Compare(0.95), "no new rows: the cached result");
        Assert.AreEqual(PairedComparison.Compare(schema, "AreaUnderRocCurve", rows)!, first);
        Assert.IsLessThan(0, first.Upper, "the challenger ranks every row right, the champion at random");
        var at90 = evidence.Compare(0.9)!;
        Assert.AreEqual(0.9, at90.Confidence);
        Assert.AreSame(first, evidence.Compare(0.95), "each confidence keeps its result");

        evidence.Add(rows[0]);
        var after = evidence.Compare(0.95)!;
        Assert.AreNotSame(first, after, "a new paired row: computed again");
        Assert.AreEqual(61, after.Rows);
    }
}
