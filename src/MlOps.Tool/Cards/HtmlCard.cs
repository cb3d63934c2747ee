using System.Text;
using MlOps.Core.Schema;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Cards;

/// <summary>
/// model-card.html: the same content as model-card.md in one self-contained file (inline CSS, inline SVG charts,
/// no script, nothing fetched), so it can be published beside the model and opened anywhere.
/// </summary>
public static class HtmlCard
{
    /// <summary>The card's stylesheet; the run comparison report uses it too, so the two look alike.</summary>
    internal const string Style = """
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0;background:#fff}
        main{max-width:960px;margin:0 auto;padding:24px}
        h1{font-size:28px;margin:0 0 8px}h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
        table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:middle}
        th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
        svg.chart{max-width:100%;height:auto;display:block;margin:8px 0}
        .label,.tick,.value,.count{font-size:11px;fill:#1f2328}.axis{font-size:12px;fill:#57606a}.count.light{fill:#fff}
        .series-0{fill:#4e79a7}.series-1{fill:#f28e2b}.cell{stroke:#fff}.axis-line{stroke:#57606a}
        .diagonal{stroke:#8c959f;stroke-dasharray:4 4}.curve{fill:none;stroke:#4e79a7;stroke-width:2}.point{fill:#4e79a7;fill-opacity:.6}
        .charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.note{color:#57606a}
        """;

    public static string Render(ModelCardInput input)
    {
        var card = CardContent.From(input);
        var metrics = input.Metrics;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Model card: ").Append(Html(card.Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append("<h1>Model card: ").Append(Html(card.Title)).Append("</h1>\n<p>").Append(Html(card.Summary)).Append("</p>\n");

        html.Append("<section id=\"intended-use\">\n<h2>Intended use</h2>\n<p>").Append(Html(card.Description)).Append("</p>\n");
        html.Append("<h2>Limitations</h2>\n<ul>\n");
        foreach (var limitation in card.Limitations) html.Append("<li>").Append(Html(limitation)).Append("</li>\n");
        html.Append("</ul>\n</section>\n");

        html.Append("<section id=\"metrics\">\n<h2>Metrics</h2>\n");
        var unitMetrics = UnitMetrics(CardContent.MetricNames(metrics),
            n => [metrics.Validation.GetValueOrDefault(n, double.NaN), metrics.Test.GetValueOrDefault(n, double.NaN)]);
        if (unitMetrics.Count > 0)
            html.Append(SvgCharts.Bars("chart-metrics", "Validation and test metrics", ["validation", "test"], unitMetrics, 1)).Append('\n');
        Table(html, card.Metrics);
        html.Append("<p class=\"note\">Test rows: ").Append(Html(card.TestSource)).Append("</p>\n</section>\n");

        html.Append("<section id=\"evaluation\">\n<h2>").Append(input.Schema.Task switch
            {
                MlTask.Regression => "Residuals",
                MlTask.BinaryClassification => "Confusion matrix and ROC curve",
                _ => "Confusion matrix",
            })
            .Append("</h2>\n<div class=\"charts\">\n");
        if (metrics.ConfusionMatrix is { } matrix) html.Append(SvgCharts.ConfusionMatrix(matrix)).Append('\n');
        if (metrics.RocCurve is { Count: > 1 } roc) html.Append(SvgCharts.Roc(roc, metrics.Test.GetValueOrDefault("AreaUnderRocCurve", double.NaN))).Append('\n');
        if (metrics.Residuals is { } residuals)
            html.Append(SvgCharts.ResidualHistogram(residuals)).Append('\n').Append(SvgCharts.PredictedVsActual(residuals)).Append('\n');
        html.Append("</div>\n");
        if (card.EvaluationSummary is { } summary) html.Append("<p>").Append(Html(summary)).Append("</p>\n");
        if (metrics.ConfusionMatrix is null && metrics.RocCurve is null && metrics.Residuals is null)
            html.Append("<p class=\"note\">metrics.json has no evaluation details (it was written by an older MlOps.Sdk).</p>\n");
        html.Append("</section>\n");

        html.Append("<section id=\"importance\">\n<h2>Feature importance</h2>\n");
        var top = metrics.FeatureImportance.Take(CardContent.TopFeatures).ToList();
        if (top.Count > 0)
            html.Append(SvgCharts.Bars("chart-importance", "Permutation feature importance", ["importance"],
                top.Select(f => (f.Column, new[] { f.Importance })).ToList(), Math.Max(top.Max(f => f.Importance), 1e-12))).Append('\n');
        html.Append("<p class=\"note\">").Append(Html(card.ImportanceMethod)).Append("</p>\n</section>\n");

        html.Append("<section id=\"data-profile\">\n<h2>Data profile</h2>\n");
        Table(html, card.Profile, row => SvgCharts.Profile($"profile-{row}", input.Schema.Columns[row]));
        html.Append("</section>\n");

        html.Append("<section id=\"lineage\">\n<h2>Lineage</h2>\n<dl>\n");
        foreach (var (key, value) in card.Lineage) html.Append("<dt>").Append(Html(key)).Append("</dt><dd>").Append(Html(value)).Append("</dd>\n");
        html.Append("</dl>\n</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The metrics a bar chart can show side by side: the quality scores that live in [0, 1] (accuracy, AUC, R² ...),
    /// since errors like RMSE have no common scale.
    /// </summary>
    internal static List<(string Name, double[] Values)> UnitMetrics(IEnumerable<string> names, Func<string, double[]> values) =>
        names.Select(n => (Name: n, Values: values(n)))
            .Where(m => m.Values.All(v => double.IsFinite(v) && v is >= 0 and <= 1) && !m.Name.Contains("LogLoss", StringComparison.Ordinal) && m.Name != "Entropy").ToList();

    /// <summary>A table; <paramref name="chart"/> adds a last column with a chart per row.</summary>
    internal static void Table(StringBuilder html, CardTable table, Func<int, string?>? chart = null)
    {
        html.Append("<table>\n<thead><tr>");
        foreach (var h in table.Header) html.Append("<th>").Append(Html(h)).Append("</th>");
        if (chart is not null) html.Append("<th>Distribution</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            html.Append("<tr>");
            foreach (var cell in table.Rows[r])
                html.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>").Append(Html(cell)).Append("</td>");
            if (chart is not null) html.Append("<td>").Append(chart(r)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static bool IsNumber(string cell) =>
        cell.Length > 0 && double.TryParse(cell.TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
