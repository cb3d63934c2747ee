using System.Text;
using MlOps.Tool.Cards;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Compare;

/// <summary>
/// compare.html: the run comparison in one self-contained file in the model card's style (the card's stylesheet and
/// inline SVG charts, no script, nothing fetched), so it can be kept as a CI artifact and opened anywhere.
/// </summary>
public static class HtmlComparison
{
    // Beyond the card's stylesheet: the change column's colours and the two models' charts side by side.
    private const string Style = """
        .better{color:#1a7f37;font-weight:600}.worse{color:#cf222e;font-weight:600}
        .side{flex:1 1 420px;min-width:0}.side h3{margin:4px 0;font-size:15px}.verdict{font-size:17px}
        """;

    public static string Render(Comparison comparison)
    {
        var (baseline, current) = (comparison.Baseline, comparison.Current);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Run comparison: ").Append(Html(comparison.Title)).Append("</title>\n<style>\n")
            .Append(HtmlCard.Style).Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append("<h1>Run comparison</h1>\n<p>Current: <strong>").Append(Html(current.Name)).Append("</strong>. Baseline: <strong>")
            .Append(Html(baseline.Name)).Append("</strong>.</p>\n<p class=\"verdict\" id=\"verdict\">").Append(Html(comparison.Verdict)).Append("</p>\n");

        html.Append("<section id=\"metrics\">\n<h2>Metrics</h2>\n");
        var unitMetrics = HtmlCard.UnitMetrics(comparison.MetricNames,
            n => [Comparison.TestOrValidation(baseline.Metrics, n), Comparison.TestOrValidation(current.Metrics, n)]);
        if (unitMetrics.Count > 0)
            html.Append(SvgCharts.Bars("chart-metrics", "Test metrics of the baseline and the current model", ["baseline", "current"], unitMetrics, 1)).Append('\n');
        Table(html, comparison.Metrics);
        html.Append("<p class=\"note\">Test rows: baseline ").Append(Html(baseline.Metrics.TestSource)).Append("; current ")
            .Append(Html(current.Metrics.TestSource)).Append(".</p>\n</section>\n");

        html.Append("<section id=\"evaluation\">\n<h2>").Append(current.Metrics.Residuals is not null ? "Residuals" : "Confusion matrices").Append("</h2>\n<div class=\"charts\">\n");
        Side(html, "baseline", baseline);
        Side(html, "current", current);
        html.Append("</div>\n</section>\n");

        html.Append("<section id=\"importance\">\n<h2>Feature importance shifts</h2>\n");
        if (comparison.Shifts.Count > 0)
        {
            var bars = comparison.Shifts.Select(s => (s.Column, new[] { s.Before?.Importance ?? double.NaN, s.After?.Importance ?? double.NaN })).ToList();
            var max = Math.Max(bars.SelectMany(b => b.Item2).Where(double.IsFinite).DefaultIfEmpty(0).Max(), 1e-12);
            html.Append(SvgCharts.Bars("chart-importance", "Permutation feature importance of the baseline and the current model", ["baseline", "current"], bars, max)).Append('\n');
            Table(html, comparison.Importance);
        }
        else html.Append("<p class=\"note\">Neither model has feature importance.</p>\n");
        html.Append("</section>\n");

        html.Append("<section id=\"data\">\n<h2>Data</h2>\n");
        Table(html, comparison.Data);
        html.Append("</section>\n<section id=\"hyperparameters\">\n<h2>Trainer and hyperparameters</h2>\n");
        Table(html, comparison.Hyperparameters);
        html.Append("</section>\n<section id=\"featurization\">\n<h2>Featurization</h2>\n");
        Changes(html, comparison.Featurization, "The two models featurize their input the same way.");
        Changes(html, comparison.Columns, "The two models read the same feature columns as the same kinds.");
        html.Append("</section>\n<section id=\"lineage\">\n<h2>Lineage</h2>\n");
        Table(html, new CardTable(["", "Baseline", "Current"], comparison.Lineage.Select(l => (IReadOnlyList<string>)[l.Key, l.Baseline, l.Current]).ToList()));
        html.Append("</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The card's table, with the change column's words coloured (better green, worse red).</summary>
    private static void Table(StringBuilder html, CardTable table)
    {
        var start = html.Length;
        HtmlCard.Table(html, table);
        html.Replace("<td>better</td>", "<td class=\"better\">better</td>", start, html.Length - start)
            .Replace("<td>worse</td>", "<td class=\"worse\">worse</td>", start, html.Length - start);
    }

    private static void Changes(StringBuilder html, CardTable table, string none)
    {
        if (table.Rows.Count > 0) Table(html, table);
        else html.Append("<p class=\"note\">").Append(Html(none)).Append("</p>\n");
    }

    /// <summary>One model's confusion matrix (classification) or residual plots (regression), under its name.</summary>
    private static void Side(StringBuilder html, string role, ComparedModel model)
    {
        var metrics = model.Metrics;
        html.Append("<div class=\"side\" id=\"").Append(role).Append("\">\n<h3>").Append(Html($"{char.ToUpperInvariant(role[0])}{role[1..]}: {model.Name}")).Append("</h3>\n");
        if (metrics.ConfusionMatrix is { } matrix) html.Append(SvgCharts.ConfusionMatrix(matrix, $"chart-confusion-{role}")).Append('\n');
        if (metrics.Residuals is { } residuals)
            html.Append(SvgCharts.ResidualHistogram(residuals, $"chart-residuals-{role}")).Append('\n')
                .Append(SvgCharts.PredictedVsActual(residuals, $"chart-predicted-actual-{role}")).Append('\n');
        if (metrics.ConfusionMatrix is null && metrics.Residuals is null)
            html.Append("<p class=\"note\">metrics.json has no evaluation details (it was written by an older MlOps.Sdk).</p>\n");
        html.Append("</div>\n");
    }
}
