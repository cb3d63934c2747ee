using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Tool.Cards;

namespace MlOps.Tool.Tests;

/// <summary>model-card.md and model-card.html from hand-made outputs: sections, charts per task, escaping, determinism, well-formed SVG.</summary>
[TestClass]
public sealed class ModelCardTests
{
    private static readonly string[] Sections = ["Intended use", "Limitations", "Metrics", "Feature importance", "Data profile", "Lineage"];

    [TestMethod]
    [DynamicData(nameof(CardSamples.Tasks), typeof(CardSamples))]
    public void MarkdownHasEverySectionAndNoRawHtml(MlTask task)
    {
        var md = MarkdownCard.Render(CardSamples.For(task));
        StringAssert.StartsWith(md, "# Model card: Contoso.Churn.Model 1.4.0\n");
        foreach (var section in Sections) StringAssert.Contains(md, "\n## " + section + "\n");
        StringAssert.Contains(md, "Ranks customers for retention offers");
        StringAssert.Contains(md, "| Metric | Validation | Test |");
        StringAssert.Contains(md, task == MlTask.Regression ? "| RSquared (optimized) | 0.65 | 0.66 |" : "(optimized)");
        StringAssert.Contains(md, "| 1 | tenure | 0.12 | 0.01 |");
        StringAssert.Contains(md, "- **Git commit:** " + new string('d', 40) + " (uncommitted changes)");
        StringAssert.Contains(md, "data/train.csv: 500 rows, SHA-256 " + new string('a', 64));
        StringAssert.Contains(md, "\nTest rows: data/test.csv\n", "the project-relative path of the manifest, not the machine's");
        Assert.DoesNotContain("/home/someone", md);
        // Column names are user data: no tag survives, and a '|' cannot split a table cell.
        Assert.DoesNotContain("<script>", md);
        Assert.DoesNotContain("<b>", md);
        StringAssert.Contains(md, "&lt;script&gt;alert('x')&lt;/script&gt;");
        StringAssert.Contains(md, "a\\|b (300)");
        if (task == MlTask.Regression) StringAssert.Contains(md, "Residuals (actual − predicted) on 50 test rows: mean 0.4, standard deviation 12.5");
        else StringAssert.Contains(md, "### Confusion matrix");
        if (task == MlTask.BinaryClassification) StringAssert.Contains(md, "AUC 0.8");
    }

    [TestMethod]
    public void MarkdownTableRowsHaveTheHeadersCellCount()
    {
        var md = MarkdownCard.Render(CardSamples.For(MlTask.MulticlassClassification));
        var tables = md.Split("\n\n").Where(b => b.StartsWith("| ")).ToList();
        Assert.HasCount(4, tables, md); // metrics, confusion, importance, profile
        foreach (var table in tables)
        {
            var cells = table.Split('\n').Select(l => Regex.Matches(l, @"(?<!\\)\|").Count).Distinct().ToList();
            Assert.HasCount(1, cells, table);
        }
    }

    [TestMethod]
    [DataRow(MlTask.BinaryClassification, new[] { "chart-metrics", "chart-confusion", "chart-roc", "chart-importance", "profile-0", "profile-1" })]
    [DataRow(MlTask.MulticlassClassification, new[] { "chart-metrics", "chart-confusion", "chart-importance", "profile-0", "profile-1" })]
    [DataRow(MlTask.Regression, new[] { "chart-metrics", "chart-residuals", "chart-predicted-actual", "chart-importance", "profile-0" })]
    public void HtmlHasTheTasksChartsAsWellFormedSvg(MlTask task, string[] charts)
    {
        var html = HtmlCard.Render(CardSamples.For(task));
        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        foreach (var section in Sections) StringAssert.Contains(html, ">" + section + "</h2>");
        var svgs = SvgFragments(html);
        CollectionAssert.IsSubsetOf(charts, svgs.Keys.ToList(), string.Join(", ", svgs.Keys));
        var unexpected = new[] { "chart-confusion", "chart-roc", "chart-residuals", "chart-predicted-actual" }.Except(charts);
        Assert.IsFalse(unexpected.Any(svgs.ContainsKey), "a chart of another task: " + string.Join(", ", svgs.Keys));
        foreach (var (id, svg) in svgs)
            Assert.IsTrue(svg.Descendants().Any(e => e.Name.LocalName is "rect" or "polyline" or "circle"), $"{id} draws nothing");

        XNamespace ns = "http://www.w3.org/2000/svg";
        if (task != MlTask.Regression)
        {
            var cells = svgs["chart-confusion"].Descendants(ns + "rect").Where(r => (string?)r.Attribute("class") == "cell").ToList();
            var n = task == MlTask.BinaryClassification ? 2 : 3;
            Assert.HasCount(n * n, cells);
        }
        if (task == MlTask.BinaryClassification)
        {
            var points = svgs["chart-roc"].Descendants(ns + "polyline").Single(p => (string?)p.Attribute("class") == "curve").Attribute("points")!.Value;
            Assert.HasCount(5, points.Split(' '));
        }
        if (task == MlTask.Regression)
        {
            Assert.HasCount(4, svgs["chart-residuals"].Descendants(ns + "rect"));
            Assert.HasCount(4, svgs["chart-predicted-actual"].Descendants(ns + "circle"));
        }
        // Importance bars: one per feature, the negative one empty.
        var bars = svgs["chart-importance"].Descendants(ns + "rect").ToList();
        Assert.HasCount(3, bars);
        Assert.AreEqual("0", bars[2].Attribute("width")!.Value);
    }

    [TestMethod]
    public void HtmlEscapesUserText()
    {
        var html = HtmlCard.Render(CardSamples.For(MlTask.MulticlassClassification));
        Assert.DoesNotContain("<script", html, "a column name became markup");
        Assert.DoesNotContain("<b>", html);
        StringAssert.Contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        StringAssert.Contains(html, "gold &amp; co");
        // Everything between tags parses: the page is XHTML-clean apart from the doctype and void meta tags.
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..(html.IndexOf("</body>", StringComparison.Ordinal) + 7)];
        XElement.Parse(body);
    }

    [TestMethod]
    [DynamicData(nameof(CardSamples.Tasks), typeof(CardSamples))]
    public void SameInputsGiveTheSameBytes(MlTask task)
    {
        Assert.AreEqual(MarkdownCard.Render(CardSamples.For(task)), MarkdownCard.Render(CardSamples.For(task)));
        Assert.AreEqual(HtmlCard.Render(CardSamples.For(task)), HtmlCard.Render(CardSamples.For(task)));
        var other = CardSamples.For(task) with { Version = "1.5.0" };
        StringAssert.Contains(MarkdownCard.Render(other), "# Model card: Contoso.Churn.Model 1.5.0");
    }

    [TestMethod]
    public void OldMetricsFilesStillGiveACard()
    {
        var input = CardSamples.For(MlTask.BinaryClassification);
        input = input with { Metrics = input.Metrics with { ConfusionMatrix = null, RocCurve = null, FeatureImportance = [], FeatureImportanceMethod = null } };
        var html = HtmlCard.Render(input);
        StringAssert.Contains(html, "no evaluation details");
        Assert.IsFalse(SvgFragments(html).ContainsKey("chart-roc"));
        StringAssert.Contains(MarkdownCard.Render(input), "not measured");
    }

    [TestMethod]
    public void FilesAreWrittenFromAModelFolder()
    {
        using var temp = new TempDir();
        var input = CardSamples.For(MlTask.Regression);
        temp.Write(ArtifactFiles.Manifest, MlOpsJson.Serialize(input.Manifest));
        temp.Write(ArtifactFiles.Metrics, MlOpsJson.Serialize(input.Metrics));
        temp.Write(ArtifactFiles.Schema, SchemaJson.Serialize(input.Schema));
        var loaded = ModelCardFiles.Load(temp.Root, input.Name, input.Version, "  ", input.RepositoryUrl);
        Assert.AreEqual(ModelCardInput.DefaultDescription, loaded.Description, "a blank description falls back to the default");
        ModelCardFiles.Write(temp.Root, loaded with { Description = input.Description });
        Assert.AreEqual(MarkdownCard.Render(input), File.ReadAllText(Path.Combine(temp.Root, ModelCardFiles.Markdown)));
        Assert.AreEqual(HtmlCard.Render(input), File.ReadAllText(Path.Combine(temp.Root, ModelCardFiles.Html)));
        Assert.HasCount(6, Directory.GetFiles(temp.Root), "the three cards, no temp file left behind");
    }

    /// <summary>Every inline &lt;svg&gt; parsed as XML, by id.</summary>
    internal static Dictionary<string, XElement> SvgFragments(string html) =>
        Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline)
            .Select(m => XElement.Parse(m.Value))
            .ToDictionary(e => (string)e.Attribute("id")!);
}
