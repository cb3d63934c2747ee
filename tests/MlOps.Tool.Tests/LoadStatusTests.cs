using MlOps.Core.Data;
using MlOps.Sdk.Tasks;
using MlOps.Tool;

namespace MlOps.Tool.Tests;

/// <summary>Loading a big file shows live status lines, at most one per period.</summary>
[TestClass]
public sealed class LoadStatusTests
{
    [TestMethod]
    public void AtMostOneStatusLinePerPeriodWithRowsAndShare()
    {
        var now = TimeSpan.Zero;
        var log = new StringWriter();
        var status = new LoadStatus(log, () => now);
        foreach (var (seconds, rows, fraction) in new[] { (0.4, 65_536, 0.02), (1.2, 1_200_000, 0.4), (1.5, 1_300_000, 0.45), (2.3, 2_950_000, 0.99) })
        {
            now = TimeSpan.FromSeconds(seconds);
            status.Report(new LoadProgress(rows, fraction));
        }
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => ToolOutput.TryParse(l.TrimEnd('\r'), out var kind, out var fields) && kind == ToolOutput.Status ? fields : throw new AssertFailedException(l)).ToList();
        CollectionAssert.AreEqual(new[] { "loading data: 1.2 M rows (40%)", "loading data: 3.0 M rows (99%)" }, lines.Select(f => f[1]).ToArray(),
            "nothing before a period has passed, then one line per period");
        Assert.AreEqual("1 s", lines[0][0]);
        Assert.AreEqual("MlOps: loading data: 1.2 M rows (40%)", lines[0][2]);
    }

    [TestMethod]
    public void TheLoaderReportsRowsAndTheShareOfBytesRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-load-status-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a,b\n" + string.Concat(Enumerable.Range(0, 3 * CsvLoader.ProgressRows + 5).Select(i => $"{i},{i % 7}\n")));
        try
        {
            var reports = new List<LoadProgress>();
            var data = CsvLoader.Load(path, new CsvOptions(), reports.Add);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }.Select(i => i * CsvLoader.ProgressRows).Append(data.RowCount).ToArray(), reports.Select(r => r.Rows).ToArray());
            Assert.IsTrue(reports.Zip(reports.Skip(1)).All(p => p.First.Fraction <= p.Second.Fraction && p.First.Fraction > 0), string.Join(", ", reports));
            Assert.AreEqual(1, reports[^1].Fraction);
        }
        finally { File.Delete(path); }
    }
}
