using System.Globalization;
using System.Text;

namespace MlOps.Bench;

/// <summary>The Markdown the parent prints: results table, per-dataset notes, determinism lines.</summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Table(IReadOnlyList<ChildOutcome> outcomes)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| dataset | metric | value | target | ratio | secondary metric | trials | search s | wall s | peak MB | anchor peak MB |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var o in outcomes)
        {
            var d = o.Dataset;
            var anchor = d.AnchorPeakMb.Length == 0 ? "—" : $"{string.Join(" / ", d.AnchorPeakMb)} (min {d.AnchorPeakMb.Min()})";
            if (o.Result is not { } r)
            {
                sb.AppendLine(Inv, $"| {d.Name} | {d.Metric} | FAILED | {d.Target:0.000} | — | — | — | — | {o.WallSeconds:0.0} | — | {anchor} |");
                continue;
            }
            var value = r.TestMetrics.GetValueOrDefault(d.Metric, double.NaN);
            var secondary = d.Secondary is null ? "—" : $"{d.SecondaryShort} {Num(r.TestMetrics.GetValueOrDefault(d.Secondary, double.NaN))}";
            var errors = r.FailedTrials - r.TimedOutTrials;
            var marks = new List<string>();
            if (r.TimedOutTrials > 0) marks.Add($"{r.TimedOutTrials} cut at deadline");
            if (errors > 0) marks.Add($"{errors} failed");
            var trials = marks.Count == 0 ? $"{r.Trials}" : $"{r.Trials} ({string.Join(", ", marks)})";
            sb.AppendLine(Inv,
                $"| {d.Name} | {d.Metric} | {Num(value)} | {d.Target:0.000} | {value / d.Target:0.000} | {secondary} | {trials} | {r.SearchSeconds:0.0} | {o.WallSeconds:0.0} | {r.PeakMb:0} | {anchor} |");
        }
        return sb.ToString();
    }

    public static string Notes(IReadOnlyList<ChildOutcome> outcomes, double budget)
    {
        var sb = new StringBuilder();
        foreach (var o in outcomes)
        {
            if (o.Result is not { } r)
            {
                sb.AppendLine($"- **{o.Dataset.Name}**: child failed (exit {o.ExitCode}): {o.Failure} — log: {o.LogPath}");
                continue;
            }
            var byTrainer = string.Join(", ", r.TrialsByTrainer.Select(kv => $"{kv.Key} {kv.Value}"));
            sb.Append(Inv, $"- **{o.Dataset.Name}**: optimized {r.OptimizedMetric}; best {r.BestTrainer} (trial {r.BestTrialNumber}, validation {Num(r.BestValidationMetric)}); ");
            sb.Append(Inv, $"trials by trainer: {byTrainer}; longest trial {r.LongestTrialSeconds:0.0} s; features: {r.Schema}; {r.Validation}.");
            var overrun = r.SearchSeconds - budget;
            if (overrun > Math.Max(1, 0.05 * budget)) sb.Append(Inv, $" **Search overran the {budget:0.#} s budget by {overrun:0.0} s.**");
            if (r.TimedOutTrials > 0) sb.Append(Inv, $" {r.TimedOutTrials} trial(s) stopped at the deadline.");
            if (r.FirstError is not null) sb.Append(Inv, $" First trial error: `{r.FirstError}`.");
            sb.AppendLine();
            sb.AppendLine($"  - loader: {r.Loader}");
        }
        return sb.ToString();
    }

    public static string DeterminismSection(IReadOnlyList<Determinism.Check> checks, int trials, int seed)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"Determinism (seed {seed}, MaxTrials {trials}, time budget {MlOps.Bench.Determinism.TimeBudgetSeconds:0} s, two child processes each):");
        foreach (var c in checks)
        {
            var a = c.First.Result;
            var b = c.Second.Result;
            sb.AppendLine(Inv, $"- {c.Dataset}: {(c.Pass ? "same" : "DIFFERENT")} — {c.Detail}");
            sb.AppendLine($"  - run 1: sha256 {a?.ModelSha256 ?? "n/a"}{Metrics(a)}");
            sb.AppendLine($"  - run 2: sha256 {b?.ModelSha256 ?? "n/a"}{Metrics(b)}");
        }
        sb.AppendLine($"determinism: {(checks.All(c => c.Pass) ? "PASS" : "FAIL")}");
        return sb.ToString();
    }

    private static string Metrics(ChildResult? r) => r is null ? "" : string.Create(Inv,
        $", {r.Trials} trials, test {string.Join(", ", r.TestMetrics.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value:0.######}"))}");

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("0.000", Inv) : "n/a";
}
