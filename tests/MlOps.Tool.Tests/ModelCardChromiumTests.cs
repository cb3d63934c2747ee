using System.Text.RegularExpressions;
using MlOps.Core.Schema;
using MlOps.Tool.Cards;

namespace MlOps.Tool.Tests;

/// <summary>
/// model-card.html rendered by headless Chromium (<see cref="Chromium"/>): every chart is laid out with a real size
/// and draws shapes, the stylesheet applies, and only the probe runs.
/// </summary>
[TestClass]
public sealed class ModelCardChromiumTests
{
    [TestMethod]
    [DataRow(MlTask.BinaryClassification, new[] { "chart-metrics", "chart-confusion", "chart-roc", "chart-importance", "profile-0", "profile-1" })]
    [DataRow(MlTask.MulticlassClassification, new[] { "chart-metrics", "chart-confusion", "chart-importance", "profile-0", "profile-1" })]
    [DataRow(MlTask.Regression, new[] { "chart-metrics", "chart-residuals", "chart-predicted-actual", "chart-importance", "profile-0" })]
    public void ChromiumRendersEveryChart(MlTask task, string[] charts)
    {
        using var temp = new TempDir();
        var (dom, rendered) = Chromium.Render(HtmlCard.Render(CardSamples.For(task)), temp.Root);

        foreach (var id in charts)
        {
            Assert.IsTrue(rendered.TryGetValue(id, out var chart), $"{id} was not rendered; rendered: {string.Join(", ", rendered.Keys)}");
            Assert.IsGreaterThan(20, chart.Width, $"{id}: {chart}");
            Assert.IsGreaterThan(20, chart.Height, $"{id}: {chart}");
            Assert.IsGreaterThan(0, chart.Shapes, $"{id} draws no visible shape: {chart}");
        }
        // The inline stylesheet applies: bars are coloured, not the default black.
        Assert.AreEqual("rgb(78, 121, 167)", rendered["chart-importance"].Fill);
        // The escaped hostile column name stays text: Chromium ran only the probe.
        StringAssert.Contains(dom, "&lt;script&gt;alert('x')&lt;/script&gt;");
        Assert.AreEqual(1, Regex.Matches(dom, "<script>").Count, "only the probe is a script");
    }
}

/// <summary>The run comparison of two classifiers in headless Chromium: both confusion matrices and the two-series bars are laid out.</summary>
[TestClass]
public sealed class CompareReportChromiumTests
{
    [TestMethod]
    public void ChromiumRendersBothConfusionMatrices()
    {
        using var temp = new TempDir();
        var (baseline, current) = CompareSamples.For(MlTask.MulticlassClassification);
        var (dom, rendered) = Chromium.Render(Compare.HtmlComparison.Render(Compare.Comparison.Of(baseline, current)), temp.Root);

        foreach (var id in new[] { "chart-metrics", "chart-confusion-baseline", "chart-confusion-current", "chart-importance" })
        {
            Assert.IsTrue(rendered.TryGetValue(id, out var chart), $"{id} was not rendered; rendered: {string.Join(", ", rendered.Keys)}");
            Assert.IsTrue(chart.Width > 20 && chart.Height > 20 && chart.Shapes > 0, $"{id} is empty: {chart}");
        }
        Assert.AreEqual("rgb(78, 121, 167)", rendered["chart-importance"].Fill, "the card's stylesheet applies");
        StringAssert.Contains(dom, "MacroAccuracy 0.7 → 0.75 (+0.05, better).");
        Assert.AreEqual(1, Regex.Matches(dom, "<script>").Count, "only the probe is a script");
    }
}
