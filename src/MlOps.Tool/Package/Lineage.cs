using System.Globalization;
using MlOps.Core.Artifacts;
using MlOps.Tool.Rollout;

namespace MlOps.Tool.Package;

/// <summary>
/// Where a model came from, as labelled lines: what the lineage command prints, the fallback readme shows and the
/// package description summarises. Everything comes from manifest.json (and metrics.json when present); the text
/// also lists the rollout decisions taken on the model (rollout-decisions.jsonl, in a project's own model folder).
/// </summary>
public sealed class Lineage(Manifest manifest, MetricsReport? metrics, ModelPackageInfo? package, IReadOnlyList<RolloutDecisionRecord>? decisions = null)
{
    public static Lineage Read(string modelFolder, ModelPackageInfo? package)
    {
        var manifest = MlOpsJson.Read<Manifest>(Path.Combine(modelFolder, ArtifactFiles.Manifest));
        var metricsFile = Path.Combine(modelFolder, ArtifactFiles.Metrics);
        var metrics = File.Exists(metricsFile) ? MlOpsJson.Read<MetricsReport>(metricsFile) : null;
        return new Lineage(manifest, metrics, package, RolloutDecisionRecord.ReadAll(modelFolder));
    }

    public Manifest Manifest => manifest;

    /// <summary>The optimizing metric on the test data when there is any, else its cross-validated value.</summary>
    public (string Metric, double Value, string On) HeadlineMetric =>
        metrics?.Test.TryGetValue(manifest.OptimizingMetric, out var test) == true
            ? (manifest.OptimizingMetric, test, "test")
            : (manifest.OptimizingMetric, manifest.BestTrainer.ValidationMetric, "validation");

    public IEnumerable<DataFileRecord> TrainingData => manifest.Data.Where(d => d.Role == "training");

    public string Commit => manifest.Git is { } git ? git.Commit + (git.Dirty ? " (uncommitted changes)" : "") : "unknown (not trained in a git work tree)";

    public IReadOnlyList<(string Label, string Value)> Lines()
    {
        var lines = new List<(string, string)>();
        if (package is not null) lines.Add(("Package", $"{package.Id} {package.Version}"));
        lines.Add(("Task", $"{manifest.Task}, label '{manifest.Label}'"));
        lines.Add(("Trainer", manifest.BestTrainer.Trainer));
        lines.Add(("Hyperparameters", manifest.BestTrainer.Hyperparameters.Count == 0 ? "(defaults)"
            : string.Join(", ", manifest.BestTrainer.Hyperparameters.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"))));
        lines.Add(("Featurization", string.Join(", ", manifest.Featurization)));
        lines.Add(("Validation", $"{manifest.OptimizingMetric} = {F(manifest.BestTrainer.ValidationMetric)} ± {F(manifest.BestTrainer.ValidationMetricStdDev)}"));
        if (metrics is { Test.Count: > 0 })
            lines.Add(("Test", string.Join(", ", metrics.Test.Select(m => $"{m.Key} = {F(m.Value)}")) + $" (on {metrics.TestSource})"));
        foreach (var data in manifest.Data)
            lines.Add(($"Data ({data.Role})", $"{data.Path}, {data.Rows} rows, SHA-256 {data.Sha256}"));
        lines.Add(("Model", $"model.zip SHA-256 {manifest.ModelSha256}"));
        lines.Add(("Git commit", Commit));
        lines.Add(("Search", $"{manifest.Mode}, seed {manifest.Seed}, {manifest.Budget.TrialsRun} trials in {F(manifest.TrainingSeconds)} s"));
        lines.Add(("Versions", $"MlOps.Sdk {manifest.SdkVersion}, ML.NET {manifest.MlNetVersion}"));
        lines.Add(("Created", manifest.FinishedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        return lines;
    }

    /// <summary>One paragraph for the package description (nuget.org shows it in search results).</summary>
    public string Summary()
    {
        var (metric, value, on) = HeadlineMetric;
        var data = string.Join("; ", TrainingData.Select(d => $"{d.Path} SHA-256 {d.Sha256}"));
        return $"ML.NET model ({manifest.Task}, predicts '{manifest.Label}'): {manifest.BestTrainer.Trainer}, {metric} = {F(value)} ({on}). " +
               $"Training data: {data}. Git commit: {Commit}. Trained {manifest.FinishedUtc.UtcDateTime:yyyy-MM-dd} with MlOps.Sdk {manifest.SdkVersion}, ML.NET {manifest.MlNetVersion}.";
    }

    public IReadOnlyList<string> Tags() =>
        ["mlops", "ml.net", "model", manifest.Task.ToLowerInvariant(), manifest.BestTrainer.Trainer.ToLowerInvariant()];

    /// <summary>The labelled lines, then one line per rollout decision, oldest first.</summary>
    public string ToText()
    {
        var lines = Lines().Concat((decisions ?? []).Select(d => (Label: "Rollout decision", Value: d.ToLine()))).ToList();
        var width = lines.Max(l => l.Label.Length) + 1;
        return string.Join(Environment.NewLine, lines.Select(l => $"  {(l.Label + ":").PadRight(width)} {l.Value}"));
    }

    public string ToMarkdown(string title) =>
        $"# {title}{Environment.NewLine}{Environment.NewLine}{Summary()}{Environment.NewLine}{Environment.NewLine}| | |{Environment.NewLine}|---|---|{Environment.NewLine}" +
        string.Join(Environment.NewLine, Lines().Select(l => $"| {l.Label} | {l.Value.Replace("|", "\\|")} |")) + Environment.NewLine;

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
