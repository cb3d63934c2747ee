using MlOps.Core.Artifacts;
using MlOps.Core.Metrics;
using MlOps.Tool.Cards;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Compare;

/// <summary>
/// What changed between a baseline and the current model, as plain-text tables shared by the HTML report and the
/// Markdown summary (so the two always say the same): metric deltas, data, trainer and hyperparameters, featurization,
/// feature columns and importance shifts. Each renderer escapes the text its own way.
/// </summary>
public sealed record Comparison
{
    /// <summary>Features listed by the size of their importance shift.</summary>
    public const int TopShifts = 15;

    public required ComparedModel Baseline { get; init; }
    public required ComparedModel Current { get; init; }
    /// <summary>The headline: the optimizing metric's test value before and after, and whether it improved.</summary>
    public required string Verdict { get; init; }
    /// <summary>Metric | baseline | current | Δ | change (better, worse, same), test values (validation when a metric has no test value).</summary>
    public required CardTable Metrics { get; init; }
    public required CardTable Data { get; init; }
    /// <summary>Trainer, then each hyperparameter and search choice; Changed = "yes" where the two differ.</summary>
    public required CardTable Hyperparameters { get; init; }
    /// <summary>Pipeline steps only in one of the two models (the manifest's featurization).</summary>
    public required CardTable Featurization { get; init; }
    /// <summary>Feature columns added, removed or read as another kind (from the recipes; empty when they agree).</summary>
    public required CardTable Columns { get; init; }
    /// <summary>Importance before and after, the largest shift first.</summary>
    public required IReadOnlyList<ImportanceShift> Shifts { get; init; }
    public required CardTable Importance { get; init; }
    public required IReadOnlyList<(string Key, string Baseline, string Current)> Lineage { get; init; }

    public string Title => $"{Current.Name} against {Baseline.Name}";

    public static Comparison Of(ComparedModel baseline, ComparedModel current)
    {
        var metric = current.Metrics.OptimizingMetric;
        var before = TestOrValidation(baseline.Metrics, metric);
        var after = TestOrValidation(current.Metrics, metric);
        var shifts = ShiftsOf(baseline.Metrics, current.Metrics);
        var comparison = new Comparison
        {
            Baseline = baseline,
            Current = current,
            Verdict = $"{metric} {Number(before)} → {Number(after)} ({Signed(after - before)}, {Change(metric, before, after)}).",
            Metrics = new CardTable([], []),
            Data = DataTable(baseline.Manifest, current.Manifest),
            Hyperparameters = HyperparameterTable(baseline.Manifest, current.Manifest),
            Featurization = FeaturizationTable(baseline.Manifest, current.Manifest),
            Columns = ColumnTable(baseline.Manifest.Recipe, current.Manifest.Recipe),
            Shifts = shifts,
            Importance = ImportanceTable(shifts),
            Lineage = LineageOf(baseline.Manifest, current.Manifest),
        };
        return comparison with { Metrics = MetricsTable(comparison.MetricNames, baseline.Metrics, current.Metrics) };
    }

    /// <summary>"better", "worse" or "same", in the metric's own direction (lower is better for errors and losses).</summary>
    public static string Change(string metric, double before, double after)
    {
        if (!double.IsFinite(before) || !double.IsFinite(after)) return "n/a";
        var worseBy = MetricDirection.WorseBy(metric, before, after);
        return Math.Abs(worseBy) < 1e-12 ? "same" : worseBy > 0 ? "worse" : "better";
    }

    public static string Signed(double delta) => !double.IsFinite(delta) ? "n/a" : delta > 0 ? "+" + Number(delta) : Number(delta);

    /// <summary>The metrics either model has, the optimizing metric first.</summary>
    public IEnumerable<string> MetricNames => CardContent.MetricNames(Current.Metrics).Union(CardContent.MetricNames(Baseline.Metrics));

    /// <summary>What the report compares: the test value, or the validation value when there is no test value.</summary>
    public static double TestOrValidation(MetricsReport metrics, string name) =>
        metrics.Test.TryGetValue(name, out var test) ? test : metrics.Validation.GetValueOrDefault(name, double.NaN);

    private static CardTable MetricsTable(IEnumerable<string> names, MetricsReport baseline, MetricsReport current)
    {
        return new(["Metric", "Baseline", "Current", "Δ", "Change"], names.Select(n =>
        {
            var (before, after) = (TestOrValidation(baseline, n), TestOrValidation(current, n));
            return (IReadOnlyList<string>)[n == current.OptimizingMetric ? n + " (optimized)" : n, Number(before), Number(after), Signed(after - before), Change(n, before, after)];
        }).ToList());
    }

    private static CardTable DataTable(Manifest baseline, Manifest current)
    {
        var keys = baseline.Data.Concat(current.Data).Select(d => (d.Role, d.Path)).Distinct();
        return new(["Role", "File", "Baseline rows", "Current rows", "Δ rows", "Content"], keys.Select(k =>
        {
            var before = baseline.Data.FirstOrDefault(d => d.Role == k.Role && d.Path == k.Path);
            var after = current.Data.FirstOrDefault(d => d.Role == k.Role && d.Path == k.Path);
            var content = before is null ? "added" : after is null ? "removed"
                : before.Sha256 == after.Sha256 ? "unchanged" : $"changed: SHA-256 {Short(before.Sha256)} → {Short(after.Sha256)}";
            return (IReadOnlyList<string>)[k.Role, k.Path, Rows(before), Rows(after),
                before is null || after is null ? "" : Signed(after.Rows - before.Rows), content];
        }).ToList());
    }

    private static string Rows(DataFileRecord? file) => file?.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    private static CardTable HyperparameterTable(Manifest baseline, Manifest current)
    {
        var rows = new List<IReadOnlyList<string>> { Row("Trainer", baseline.BestTrainer.Trainer, current.BestTrainer.Trainer) };
        var before = Settings(baseline);
        var after = Settings(current);
        rows.AddRange(before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(k => Row(k, before.GetValueOrDefault(k, ""), after.GetValueOrDefault(k, ""))));
        rows.Add(Row("Seed", Invariant(baseline.Seed), Invariant(current.Seed)));
        rows.Add(Row("Trials run", Invariant(baseline.Budget.TrialsRun), Invariant(current.Budget.TrialsRun)));
        return new(["Setting", "Baseline", "Current", "Changed"], rows);

        static IReadOnlyList<string> Row(string name, string b, string c) => [name, b, c, b == c ? "" : "yes"];
    }

    /// <summary>The chosen trainer's hyperparameters as the manifest shows them, and the recipe's choices (e.g. the text featurizer).</summary>
    private static Dictionary<string, string> Settings(Manifest manifest)
    {
        var settings = new Dictionary<string, string>(manifest.BestTrainer.Hyperparameters, StringComparer.Ordinal);
        foreach (var (key, value) in manifest.Recipe?.Choices ?? new Dictionary<string, string>()) settings.TryAdd(key, value);
        return settings;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static CardTable FeaturizationTable(Manifest baseline, Manifest current) =>
        new(["Step", "Baseline", "Current"], baseline.Featurization.Union(current.Featurization)
            .Where(s => baseline.Featurization.Contains(s) != current.Featurization.Contains(s))
            .Select(s => (IReadOnlyList<string>)[s, baseline.Featurization.Contains(s) ? "yes" : "", current.Featurization.Contains(s) ? "yes" : ""])
            .ToList());

    private static CardTable ColumnTable(TrainingRecipe? baseline, TrainingRecipe? current)
    {
        var before = baseline?.Columns.ToDictionary(c => c.Name, c => c.Kind.ToString().ToLowerInvariant()) ?? [];
        var after = current?.Columns.ToDictionary(c => c.Name, c => c.Kind.ToString().ToLowerInvariant()) ?? [];
        if (baseline is null || current is null) return new(["Column", "Baseline", "Current"], []);
        return new(["Column", "Baseline", "Current"], before.Keys.Union(after.Keys)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => (IReadOnlyList<string>)[k, before.GetValueOrDefault(k, "absent"), after.GetValueOrDefault(k, "absent")])
            .ToList());
    }

    /// <summary>Every feature either model measured, the largest shift first (at most <see cref="TopShifts"/>).</summary>
    private static List<ImportanceShift> ShiftsOf(MetricsReport baseline, MetricsReport current)
    {
        var before = Ranked(baseline);
        var after = Ranked(current);
        return before.Keys.Union(after.Keys)
            .Select(c => new ImportanceShift(c, before.GetValueOrDefault(c), after.GetValueOrDefault(c)))
            .OrderByDescending(s => Math.Abs(s.Delta)).ThenBy(s => s.Column, StringComparer.Ordinal)
            .Take(TopShifts).ToList();
    }

    private static CardTable ImportanceTable(IReadOnlyList<ImportanceShift> shifts) =>
        new(["Feature", "Baseline", "Current", "Δ", "Rank"], shifts.Select(s => (IReadOnlyList<string>)[s.Column,
            s.Before is { } b ? Number(b.Importance) : "", s.After is { } a ? Number(a.Importance) : "", Signed(s.Delta),
            (s.Before, s.After) switch
            {
                ({ } rb, { } ra) => rb.Rank == ra.Rank ? $"{ra.Rank}" : $"{rb.Rank} → {ra.Rank}",
                (null, { } ra) => $"new, {ra.Rank}",
                _ => "dropped",
            }]).ToList());

    /// <summary>Each column's importance and its place in the model's list (most important first, from 1).</summary>
    private static Dictionary<string, RankedImportance> Ranked(MetricsReport metrics) =>
        metrics.FeatureImportance.Select((f, i) => (f.Column, Value: new RankedImportance(f.Importance, i + 1)))
            .GroupBy(f => f.Column).ToDictionary(g => g.Key, g => g.First().Value);

    private static List<(string, string, string)> LineageOf(Manifest baseline, Manifest current) =>
    [
        ("Trained", When(baseline), When(current)),
        ("Search", $"{baseline.Mode}, {baseline.Budget.TrialsRun} trial(s)", $"{current.Mode}, {current.Budget.TrialsRun} trial(s)"),
        ("Git commit", Commit(baseline.Git), Commit(current.Git)),
        ("Model SHA-256", baseline.ModelSha256, current.ModelSha256),
        ("Toolchain", $"MlOps.Sdk {baseline.SdkVersion}, ML.NET {baseline.MlNetVersion}", $"MlOps.Sdk {current.SdkVersion}, ML.NET {current.MlNetVersion}"),
    ];

    private static string When(Manifest m) => $"{m.FinishedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";

    private static string Commit(GitRecord? git) => git is null ? "" : git.Commit + (git.Dirty ? " (uncommitted changes)" : "");
}

public sealed record RankedImportance(double Importance, int Rank);

/// <summary>A feature's importance in each model (null: that model did not measure it).</summary>
public sealed record ImportanceShift(string Column, RankedImportance? Before, RankedImportance? After)
{
    public double Delta => (After?.Importance ?? 0) - (Before?.Importance ?? 0);
}
