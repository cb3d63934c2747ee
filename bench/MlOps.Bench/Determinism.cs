using System.Globalization;

namespace MlOps.Bench;

/// <summary>
/// Same seed, a trial budget (and a generous time budget so the trial budget decides), twice, each in its own
/// process: model.zip bytes and test metrics must be identical.
/// </summary>
public static class Determinism
{
    public const double TimeBudgetSeconds = 120;

    public sealed record Check(string Dataset, ChildOutcome First, ChildOutcome Second, bool Pass, string Detail);

    public static Check Run(Dataset dataset, int seed, int trials, string workDir, TextWriter progress)
    {
        var runs = new ChildOutcome[2];
        for (var i = 0; i < 2; i++)
        {
            var model = Path.Combine(workDir, $"{dataset.Name}-determinism-{i + 1}.zip");
            progress.Write($"  determinism {dataset.Name} run {i + 1}/2 ... ");
            runs[i] = ChildProcess.Run(dataset, TimeBudgetSeconds, seed, trials, model,
                Path.Combine(workDir, $"{dataset.Name}-determinism-{i + 1}.log"));
            progress.WriteLine(runs[i].Result is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{r.Trials} trials, {runs[i].WallSeconds:0.0} s, sha256 {r.ModelSha256![..16]}…")
                : $"FAILED (exit {runs[i].ExitCode}): {runs[i].Failure}");
        }

        var (a, b) = (runs[0].Result, runs[1].Result);
        if (a is null || b is null) return new Check(dataset.Name, runs[0], runs[1], false, "a run failed");
        var problems = new List<string>();
        if (a.ModelSha256 != b.ModelSha256) problems.Add("model.zip bytes differ");
        var metricNames = a.TestMetrics.Keys.Union(b.TestMetrics.Keys).Order(StringComparer.Ordinal);
        foreach (var name in metricNames)
        {
            var x = a.TestMetrics.GetValueOrDefault(name, double.NaN);
            var y = b.TestMetrics.GetValueOrDefault(name, double.NaN);
            // Bit-for-bit: the same model on the same data must give the same numbers (NaN equals NaN here).
            if (BitConverter.DoubleToInt64Bits(x) != BitConverter.DoubleToInt64Bits(y))
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {x:R} vs {y:R}"));
        }
        if (a.Trials != b.Trials) problems.Add($"trial counts {a.Trials} vs {b.Trials}");
        if (a.Trials != trials) problems.Add($"note: {a.Trials} of {trials} trials ran");
        var pass = problems.All(p => p.StartsWith("note:", StringComparison.Ordinal));
        return new Check(dataset.Name, runs[0], runs[1], pass, problems.Count == 0 ? "identical" : string.Join("; ", problems));
    }
}
