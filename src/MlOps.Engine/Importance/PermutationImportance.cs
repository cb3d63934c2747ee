using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Metrics;

namespace MlOps.Engine.Importance;

/// <summary>
/// Permutation feature importance at the level of the raw input columns (what users know, unlike
/// ML.NET's slot-level PFI over one-hot vectors): shuffle one column across the evaluation rows, score,
/// and measure how much the optimizing metric worsens. Model-agnostic, seeded, and bounded in cost:
/// at most <see cref="MaxRows"/> rows, and fewer repeats when the time allowance is short.
/// </summary>
internal static class PermutationImportance
{
    public const int MaxRows = 2000;
    public const int Repeats = 3;
    /// <summary>Share of the budget PFI may always use, even when the search and refit used it all (it is cheap).</summary>
    public const double MinBudgetShare = 0.05;

    public sealed record Report(IReadOnlyList<FeatureImportance> Columns, string Method);

    /// <summary>Time PFI may take: what is left of the budget, but never less than a small share of it; null = unbounded.</summary>
    public static TimeSpan? Allowance(double budgetSeconds, TimeSpan elapsed) =>
        TimeSpan.FromSeconds(Math.Max(budgetSeconds - elapsed.TotalSeconds, budgetSeconds * MinBudgetShare));

    public static Report Compute(MLContext ml, ITransformer model, TypedTable table, int[] rows, string rowsDescription,
        DataSchema schema, string metric, int seed, TimeSpan? allowance, CancellationToken token = default)
    {
        var features = schema.Features.Select(c => c.Name).ToArray();
        var sample = Sample(rows, seed);
        if (features.Length == 0 || sample.Length < 2) return Skipped("too few evaluation rows");

        var clock = Stopwatch.StartNew();
        var baseline = Score(ml, model, table.Columns, sample, schema, metric);
        if (!double.IsFinite(baseline)) return Skipped($"{metric} is undefined on the evaluation rows");
        // One repeat costs one scoring pass per column; fit as many repeats (up to 3) as the allowance holds.
        var passSeconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3) * features.Length;
        var repeats = allowance is { } a ? Math.Min(Repeats, (int)(a.TotalSeconds / passSeconds)) : Repeats;
        if (repeats == 0) return Skipped($"no time left in the budget (one pass needs about {passSeconds:0.0} s)");

        var sourceCount = sample.Max() + 1;
        var results = new List<FeatureImportance>();
        for (var f = 0; f < features.Length; f++)
        {
            var drops = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                token.ThrowIfCancellationRequested();
                // A seed per (column, repeat): the first repeats give the same values whatever the repeat count.
                var columns = Permute(table.Columns, features[f], sample, sourceCount, new Random(unchecked(seed * 7919 + f * 131 + r)));
                var value = Score(ml, model, columns, sample, schema, metric);
                if (double.IsFinite(value)) drops.Add(MetricCatalog.ToLoss(metric, value) - MetricCatalog.ToLoss(metric, baseline));
            }
            if (drops.Count == 0) continue;
            var mean = drops.Average();
            var std = drops.Count > 1 ? Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (drops.Count - 1)) : 0;
            results.Add(new FeatureImportance(features[f], mean, std));
        }
        var ordered = results.OrderByDescending(i => i.Importance).ThenBy(i => i.Column, StringComparer.Ordinal).ToList();
        return new Report(ordered, string.Create(CultureInfo.InvariantCulture,
            $"permutation of each raw column on {sample.Length} rows of {rowsDescription}, {repeats} repeat(s), seed {seed}; importance = worsening of {metric}"));
    }

    private static Report Skipped(string why) => new([], "skipped: " + why);

    /// <summary>At most MaxRows rows, a seeded sample kept in source order.</summary>
    private static int[] Sample(int[] rows, int seed)
    {
        if (rows.Length <= MaxRows) return rows;
        var copy = (int[])rows.Clone();
        var random = new Random(seed);
        for (var i = 0; i < MaxRows; i++)
        {
            var j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        var sample = copy[..MaxRows];
        Array.Sort(sample);
        return sample;
    }

    private static TableColumn[] Permute(IReadOnlyList<TableColumn> columns, string name, int[] sample, int sourceCount, Random random)
    {
        var shuffled = (int[])sample.Clone();
        for (var i = shuffled.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        var sourceOf = new int[sourceCount];
        for (var i = 0; i < sample.Length; i++) sourceOf[sample[i]] = shuffled[i];
        return columns.Select(c => c.Name == name ? new PermutedColumn(c, sourceOf) : c).ToArray();
    }

    private static double Score(MLContext ml, ITransformer model, IReadOnlyList<TableColumn> columns, int[] rows, DataSchema schema, string metric)
    {
        var scored = model.Transform(new ColumnarDataView(columns, rows));
        return MetricsCalculator.Evaluate(ml, schema.Task, scored, schema.Label).GetValueOrDefault(metric, double.NaN);
    }
}
