using MlOps.Core.Schema;
using MlOps.Serving.Model;
using MlOps.Serving.Monitoring;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Tests;

[TestClass]
public sealed class DriftMonitorTests
{
    private static readonly DataSchema Schema = new()
    {
        Label = "y", Task = MlTask.Regression, RowCount = 101,
        Columns =
        [
            new ColumnSchema { Name = "n", Kind = ColumnKind.Numeric, Quantiles = [.. Enumerable.Range(0, 101).Select(i => (double)i)] },
            new ColumnSchema { Name = "c", Kind = ColumnKind.Categorical, Categories = [new("a", 50), new("b", 50)] },
            new ColumnSchema { Name = "t", Kind = ColumnKind.Text },
            new ColumnSchema { Name = "y", Kind = ColumnKind.Numeric },
        ],
    };

    [TestMethod]
    public void PsiIsSmallForTheTrainingDistributionAndLargeForAShift()
    {
        var layout = new FeatureLayout(Schema);
        var stable = new DriftMonitor(layout, window: 400, minRows: 100);
        var shifted = new DriftMonitor(layout, window: 400, minRows: 100);
        var random = new Random(1);
        for (var i = 0; i < 1000; i++) // more than the window: the ring keeps the last 400
        {
            stable.Record(Row(layout, random.NextDouble() * 100, random.Next(2) == 0 ? "a" : "b"));
            shifted.Record(Row(layout, 80 + random.NextDouble() * 20, i % 10 == 0 ? "a" : "zz"));
        }
        var calm = stable.Compute().ToDictionary(x => x.Feature, x => x.Psi);
        var moved = shifted.Compute().ToDictionary(x => x.Feature, x => x.Psi);
        CollectionAssert.AreEquivalent(new[] { "n", "c" }, calm.Keys.ToArray(), "text has no training distribution");
        Assert.IsLessThan(0.1, calm["n"]);
        Assert.IsLessThan(0.1, calm["c"]);
        Assert.IsGreaterThan(0.2, moved["n"]);
        Assert.IsGreaterThan(0.2, moved["c"]);
    }

    [TestMethod]
    public void NothingIsReportedBeforeAnyInput() =>
        Assert.IsFalse(new DriftMonitor(new FeatureLayout(Schema), 10, 1).Compute().Any());

    private static FeatureRow Row(FeatureLayout layout, double n, string c)
    {
        var row = new FeatureRow(layout.Count);
        row.Numbers[layout.IndexOf("n")] = (float)n;
        row.Texts[layout.IndexOf("c")] = c;
        return row;
    }
}
