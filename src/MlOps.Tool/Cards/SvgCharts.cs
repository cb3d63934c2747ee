using System.Globalization;
using MlOps.Core.Artifacts;
using MlOps.Core.Schema;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Cards;

/// <summary>The card's charts as inline SVG: bars (metrics, importance), a confusion heat map, ROC, residual histogram, predicted vs actual, profile sparklines.</summary>
internal static class SvgCharts
{
    private const double Width = 640;
    private const double RowHeight = 22;
    private const double LabelWidth = 190;

    /// <summary>One row of horizontal bars per item, a bar per series; values below zero draw as empty bars.</summary>
    public static string Bars(string id, string label, IReadOnlyList<string> series, IReadOnlyList<(string Name, double[] Values)> rows, double max)
    {
        var barHeight = (RowHeight - 6) / series.Count;
        var legend = series.Count > 1 ? RowHeight : 0;
        var svg = new Svg(id, Width, legend + rows.Count * RowHeight + 8, label);
        for (var s = 0; s < series.Count && series.Count > 1; s++)
        {
            svg.Rect(LabelWidth + s * 110, 4, 12, 12, $"series-{s}");
            svg.Text(LabelWidth + s * 110 + 16, 14, series[s]);
        }
        var scale = (Width - LabelWidth - 70) / (max > 0 ? max : 1);
        for (var r = 0; r < rows.Count; r++)
        {
            var y = legend + r * RowHeight + 3;
            svg.Text(LabelWidth - 6, y + RowHeight / 2 + 1, rows[r].Name, "end");
            for (var s = 0; s < rows[r].Values.Length; s++)
            {
                var value = rows[r].Values[s];
                var width = double.IsFinite(value) ? Math.Clamp(value, 0, max) * scale : 0;
                svg.Rect(LabelWidth, y + s * barHeight, width, barHeight - 1, $"series-{s}", $"{rows[r].Name} ({series[s]}): {Number(value)}");
                svg.Text(LabelWidth + width + 4, y + s * barHeight + barHeight - 2, Number(value), cssClass: "value");
            }
        }
        return svg.ToString();
    }

    /// <summary>Rows = actual class, columns = predicted; shade = share of the actual class's rows (recall on the diagonal).</summary>
    public static string ConfusionMatrix(ConfusionMatrixRecord matrix, string id = "chart-confusion")
    {
        var n = matrix.Classes.Count;
        var cell = Math.Clamp(360.0 / n, 18, 80);
        const double left = 130, top = 40;
        var svg = new Svg(id, left + n * cell + 10, top + n * cell + 30, "Confusion matrix on the test rows: actual class by row, predicted class by column");
        svg.Text(left + n * cell / 2, 14, "predicted", "middle", "axis");
        svg.Text(left - 8, top + n * cell + 20, "actual ↓", "end", "axis");
        for (var p = 0; p < n; p++) svg.Text(left + (p + 0.5) * cell, top - 8, matrix.Classes[p], "middle", maxChars: (int)(cell / 7));
        for (var a = 0; a < n; a++)
        {
            var total = matrix.Counts[a].Sum();
            svg.Text(left - 8, top + (a + 0.5) * cell + 4, matrix.Classes[a], "end", maxChars: 18);
            for (var p = 0; p < n; p++)
            {
                var count = matrix.Counts[a][p];
                var share = total == 0 ? 0 : (double)count / total;
                svg.Rect(left + p * cell, top + a * cell, cell - 1, cell - 1, "cell",
                    $"actual {matrix.Classes[a]}, predicted {matrix.Classes[p]}: {count} ({Percent(share)})", Shade(share));
                if (cell >= 24) svg.Text(left + (p + 0.5) * cell, top + (a + 0.5) * cell + 4, count.ToString(CultureInfo.InvariantCulture), "middle", share > 0.5 ? "count light" : "count");
            }
        }
        return svg.ToString();
    }

    /// <summary>White to blue.</summary>
    private static string Shade(double share)
    {
        int Channel(int from, int to) => (int)Math.Round(from + (to - from) * share);
        return $"rgb({Channel(247, 33)},{Channel(251, 102)},{Channel(255, 172)})";
    }

    public static string Roc(IReadOnlyList<RocPointRecord> curve, double auc)
    {
        const double left = 50, top = 10, size = 300;
        var svg = new Svg("chart-roc", left + size + 20, top + size + 45, $"ROC curve on the test rows, AUC {Number(auc)}");
        Axes(svg, left, top, size, size, "false positive rate", "true positive rate", "0", "1", "0", "1");
        svg.Line(left, top + size, left + size, top, "diagonal");
        svg.Polyline(curve.Select(p => (left + p.FalsePositiveRate * size, top + size - p.TruePositiveRate * size)), "curve");
        svg.Text(left + size - 6, top + size - 10, $"AUC {Number(auc)}", "end", "value");
        return svg.ToString();
    }

    public static string ResidualHistogram(ResidualsRecord residuals, string id = "chart-residuals")
    {
        const double left = 50, top = 10, width = 540, height = 200;
        var svg = new Svg(id, left + width + 20, top + height + 45, "Histogram of residuals (actual − predicted) on the test rows");
        var lo = residuals.BinEdges[0];
        var hi = residuals.BinEdges[^1];
        Axes(svg, left, top, width, height, "residual (actual − predicted)", "rows", Number(lo), Number(hi), "0", residuals.Counts.Max().ToString(CultureInfo.InvariantCulture));
        var max = Math.Max(1, residuals.Counts.Max());
        var bin = width / residuals.Counts.Count;
        for (var b = 0; b < residuals.Counts.Count; b++)
        {
            var h = residuals.Counts[b] * height / max;
            svg.Rect(left + b * bin, top + height - h, bin - 1, h, "series-0",
                $"{Number(residuals.BinEdges[b])} to {Number(residuals.BinEdges[b + 1])}: {residuals.Counts[b]} rows");
        }
        if (lo < 0 && hi > 0) svg.Line(left + (0 - lo) / (hi - lo) * width, top, left + (0 - lo) / (hi - lo) * width, top + height, "diagonal");
        return svg.ToString();
    }

    public static string PredictedVsActual(ResidualsRecord residuals, string id = "chart-predicted-actual")
    {
        const double left = 50, top = 10, size = 300;
        var values = residuals.Sample.SelectMany(p => new[] { p.Actual, p.Predicted }).ToArray();
        var (lo, hi) = (values.Min(), values.Max());
        if (hi <= lo) hi = lo + 1;
        double X(double v) => left + (v - lo) / (hi - lo) * size;
        double Y(double v) => top + size - (v - lo) / (hi - lo) * size;
        var svg = new Svg(id, left + size + 20, top + size + 45, $"Predicted against actual on {residuals.Sample.Count} test rows");
        Axes(svg, left, top, size, size, "actual", "predicted", Number(lo), Number(hi), Number(lo), Number(hi));
        svg.Line(X(lo), Y(lo), X(hi), Y(hi), "diagonal");
        foreach (var p in residuals.Sample) svg.Circle(X(p.Actual), Y(p.Predicted), 2.5, "point");
        return svg.ToString();
    }

    /// <summary>A column's distribution in a 120×28 sparkline: a histogram from the quantiles, or the top categories' counts.</summary>
    public static string? Profile(string id, ColumnSchema column)
    {
        var bars = column.Quantiles is { Length: > 1 } q ? QuantileHistogram(q)
            : column.Categories is { Count: > 0 } c ? c.Take(8).Select(k => (double)k.Count).ToArray()
            : null;
        if (bars is null) return null;
        const double width = 120, height = 28;
        var svg = new Svg(id, width, height, $"Distribution of {column.Name}");
        var max = bars.Max() > 0 ? bars.Max() : 1;
        var bar = width / bars.Length;
        for (var i = 0; i < bars.Length; i++)
            svg.Rect(i * bar, height - bars[i] / max * height, Math.Max(bar - 1, 0.5), bars[i] / max * height, "series-0");
        return svg.ToString();
    }

    /// <summary>Each percentile step holds 1% of the rows: spread that share over 20 equal-width bins.</summary>
    private static double[] QuantileHistogram(double[] quantiles)
    {
        const int bins = 20;
        var (lo, hi) = (quantiles[0], quantiles[^1]);
        var counts = new double[bins];
        if (hi <= lo) { counts[bins / 2] = 1; return counts; }
        for (var i = 1; i < quantiles.Length; i++)
        {
            var mid = (quantiles[i - 1] + quantiles[i]) / 2;
            counts[Math.Clamp((int)((mid - lo) / (hi - lo) * bins), 0, bins - 1)]++;
        }
        return counts;
    }

    private static void Axes(Svg svg, double left, double top, double width, double height, string xTitle, string yTitle,
        string xMin, string xMax, string yMin, string yMax)
    {
        svg.Line(left, top + height, left + width, top + height, "axis-line").Line(left, top, left, top + height, "axis-line");
        svg.Text(left, top + height + 14, xMin, "middle", "tick").Text(left + width, top + height + 14, xMax, "middle", "tick");
        svg.Text(left - 4, top + height, yMin, "end", "tick").Text(left - 4, top + 8, yMax, "end", "tick");
        svg.Text(left + width / 2, top + height + 32, xTitle, "middle", "axis", 40);
        svg.Text(left + 6, top + 12, yTitle, "start", "axis", 30);
    }
}
