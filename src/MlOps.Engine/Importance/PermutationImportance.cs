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
    /// <summary>The smallest sample a slow model's PFI shrinks to, to stay within its allowance.</summary>
    public const int MinRows = 200;
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
        // One repeat costs one scoring pass per column. A pass too slow for the allowance shrinks the sample
        // (not below MinRows); then repeats run while the next one still fits: a hard deadline, not an estimate.
        var passSeconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3) * features.Length;
        if (allowance is { } limit && passSeconds > limit.TotalSeconds && sample.Length > MinRows)
        {
            sample = Sample(sample, seed, Math.Max(MinRows, (int)(sample.Length * limit.TotalSeconds / passSeconds)));
            clock.Restart();
            baseline = Score(ml, model, table.Columns, sample, schema, metric);
            if (!double.IsFinite(baseline)) return Skipped($"{metric} is undefined on the evaluation rows");
        }

        var sourceCount = sample.Max() + 1;
        var drops = features.Select(_ => new List<double>()).ToArray();
        var repeats = 0;
        var started = clock.Elapsed;
        while (repeats < Repeats)
        {
            var perRepeat = repeats == 0 ? TimeSpan.Zero : (clock.Elapsed - started) / repeats;
            if (repeats > 0 && allowance is { } a && clock.Elapsed + perRepeat > a) break;
            for (var f = 0; f < features.Length; f++)
            {
                token.ThrowIfCancellationRequested();
                // A seed per (column, repeat): the first repeats give the same values whatever the repeat count.
                var columns = Permute(table.Columns, features[f], sample, sourceCount, new Random(unchecked(seed * 7919 + f * 131 + repeats)));
                var value = Score(ml, model, columns, sample, schema, metric);
                if (double.IsFinite(value)) drops[f].Add(MetricCatalog.ToLoss(metric, value) - MetricCatalog.ToLoss(metric, baseline));
            }
            repeats++;
        }
        var results = features.Select((name, f) => (name, d: drops[f])).Where(x => x.d.Count > 0).Select(x =>
        {
            var (mean, std) = SampleStats.Of(x.d);
            return new FeatureImportance(x.name, mean, std);
        });
        var ordered = results.OrderByDescending(i => i.Importance).ThenBy(i => i.Column, StringComparer.Ordinal).ToList();
        return new Report(ordered, string.Create(CultureInfo.InvariantCulture,
            $"permutation of each raw column on {sample.Length} rows of {rowsDescription}, {repeats} repeat(s), seed {seed}; importance = worsening of {metric}"));
    }

    private static Report Skipped(string why) => new([], "skipped: " + why);

    /// <summary>At most `size` rows (MaxRows by default), a seeded sample kept in source order.</summary>
    private static int[] Sample(int[] rows, int seed, int size = MaxRows)
    {
        if (rows.Length <= size) return rows;
        var copy = (int[])rows.Clone();
        var random = new Random(seed);
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        var sample = copy[..size];
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
