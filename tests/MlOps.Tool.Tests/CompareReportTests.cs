using System.Text.RegularExpressions;
using MlOps.Core.Schema;
using MlOps.Tool.Compare;

namespace MlOps.Tool.Tests;

/// <summary>What the run comparison says: metric deltas in each metric's own direction, data, hyperparameter,
/// featurization and importance changes, both models' evaluation charts, all escaped, in HTML and in Markdown.</summary>
[TestClass]
public sealed class CompareReportTests
{
    [TestMethod]
    public void MetricDeltasFollowEachMetricsDirection()
    {
        var (baseline, current) = CompareSamples.For(MlTask.BinaryClassification);
        var comparison = Comparison.Of(baseline, current);

        CollectionAssert.AreEqual(new[] { "AreaUnderRocCurve (optimized)", "0.8", "0.85", "+0.05", "better" }, Row(comparison.Metrics, "AreaUnderRocCurve (optimized)"));
        // Log-loss rose: lower is better, so that is worse.
        CollectionAssert.AreEqual(new[] { "LogLoss", "0.51", "0.61", "+0.1", "worse" }, Row(comparison.Metrics, "LogLoss"));
        CollectionAssert.AreEqual(new[] { "Accuracy", "0.75", "0.75", "0", "same" }, Row(comparison.Metrics, "Accuracy"));
        Assert.AreEqual("AreaUnderRocCurve 0.8 → 0.85 (+0.05, better).", comparison.Verdict);
    }

    [TestMethod]
    public void DataHyperparameterFeaturizationAndImportanceChanges()
    {
        var (baseline, current) = CompareSamples.For(MlTask.Regression);
        var comparison = Comparison.Of(baseline, current);

        CollectionAssert.AreEqual(new[] { "training", "data/train.csv", "500", "520", "+20", "changed: SHA-256 aaaaaaaaaaaa → eeeeeeeeeeee" }, Row(comparison.Data, "training"));
        Assert.AreEqual("unchanged", Row(comparison.Data, "test")[5]);
        CollectionAssert.AreEqual(new[] { "NumberOfLeaves", "16", "32", "yes" }, Row(comparison.Hyperparameters, "NumberOfLeaves"));
        CollectionAssert.AreEqual(new[] { "Trainer", "LightGbm", "LightGbm", "" }, Row(comparison.Hyperparameters, "Trainer"));
        CollectionAssert.AreEqual(new[] { "OneHot(city)", "", "yes" }, comparison.Featurization.Rows.Single().ToArray());
        // Largest shift first: city is new and first; tenure fell by 0.1 from first to second; the regressed noise column is dropped.
        CollectionAssert.AreEqual(new[] { "city", "", "0.2", "+0.2", "new, 1" }, comparison.Importance.Rows[0].ToArray());
        CollectionAssert.AreEqual(new[] { "tenure", "0.12", "0.02", "-0.1", "1 → 2" }, comparison.Importance.Rows[1].ToArray());
        Assert.AreEqual("dropped", Row(comparison.Importance, "noise")[4]);
    }

    [TestMethod]
    [DataRow(MlTask.BinaryClassification, "chart-confusion")]
    [DataRow(MlTask.MulticlassClassification, "chart-confusion")]
    [DataRow(MlTask.Regression, "chart-residuals")]
    public void HtmlShowsBothModelsChartsWithoutScript(MlTask task, string chart)
    {
        var (baseline, current) = CompareSamples.For(task);
        var html = HtmlComparison.Render(Comparison.Of(baseline, current));

        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, $"id=\"{chart}-baseline\"");
        StringAssert.Contains(html, $"id=\"{chart}-current\"");
        StringAssert.Contains(html, "id=\"chart-importance\"");
        if (task == MlTask.Regression) StringAssert.Contains(html, "id=\"chart-predicted-actual-current\"");
        // Ids are unique, so both models' charts can be told apart.
        var ids = Regex.Matches(html, " id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.AreEqual(ids.Count, ids.Distinct().Count(), string.Join(", ", ids));
        StringAssert.Contains(html, "<td class=\"better\">better</td>");
        StringAssert.Contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), "the report runs no script");
        Assert.IsFalse(Regex.IsMatch(html, "(src|href)=\"https?:"), "the report fetches nothing");
    }

    [TestMethod]
    public void MarkdownListsOnlyWhatChanged()
    {
        var (baseline, current) = CompareSamples.For(MlTask.BinaryClassification);
        var md = MarkdownComparison.Render(Comparison.Of(baseline, current));

        StringAssert.StartsWith(md, MarkdownComparison.Heading + "\n\n**run 2** against **run 1**: AreaUnderRocCurve 0.8 → 0.85 (+0.05, better).\n");
        StringAssert.Contains(md, "| AreaUnderRocCurve (optimized) | 0.8 | 0.85 | +0.05 | better |\n");
        StringAssert.Contains(md, "| NumberOfLeaves | 16 | 32 | yes |\n");
        StringAssert.Contains(md, "| training | data/train.csv | 500 | 520 | +20 |");
        Assert.IsFalse(md.Contains("| Trainer |", StringComparison.Ordinal), "an unchanged trainer is left out:\n" + md);
        Assert.IsFalse(md.Contains("| test |", StringComparison.Ordinal), "unchanged test data is left out:\n" + md);
        Assert.IsFalse(md.Contains("<script>", StringComparison.Ordinal), md);
    }

    private static string[] Row(Cards.CardTable table, string first) => table.Rows.Single(r => r[0] == first).ToArray();
}
