using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine;

namespace MlOps.Tool;

/// <summary>The lines a user watches during a build: one per trial, a summary at the end.</summary>
public static class Progress
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string DataSummary(TabularData train, DataSchema schema, TrainSettings settings)
    {
        var kinds = schema.Features.GroupBy(c => c.Kind).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        var budget = settings.MaxTrials is int n ? $"{n} trials or {settings.TrainingTimeSeconds:0.#} s" : $"{settings.TrainingTimeSeconds:0.#} s";
        return string.Create(Invariant,
            $"MlOps: {schema.Task} on '{schema.Label}', {train.RowCount} rows, features: {string.Join(", ", kinds)}; budget {budget}, seed {settings.Seed}");
    }

    public static string ReplaySummary(TabularData train, DataSchema schema, ReplaySource replay) => string.Create(Invariant,
        $"MlOps: replaying {replay.Recipe.Trainer} from {replay.Path} on '{schema.Label}', {train.RowCount} rows; seed {replay.Manifest.Seed}, no search");

    public static string Trial(TrialResult trial, string metric) => trial.Error is null
        ? string.Create(Invariant, $"MlOps: trial {trial.Number,3} {trial.Trainer,-12} {metric}={Metric(trial.Metric)} ±{trial.MetricStdDev:0.0000} ({trial.Seconds:0.0} s)")
        : string.Create(Invariant, $"MlOps: trial {trial.Number,3} {trial.Trainer,-12} failed: {trial.Error} ({trial.Seconds:0.0} s)");

    /// <summary>The line that stays on screen: task, winner, test metric, time and where the outputs are.</summary>
    public static string Summary(AutoMLResult result, MlTask task, string testSource, string outputDirectory, TimeSpan elapsed)
    {
        var best = result.BestTrial;
        var test = result.TestMetrics.TryGetValue(result.Metric, out var value) ? Metric(value) : "n/a";
        return string.Create(Invariant,
            $"MlOps: best trainer {best.Trainer} for {task} (trial {best.Number} of {result.Trials.Count}): {result.Metric} on test data = {test} [{testSource}]; {elapsed.TotalSeconds:0.0} s; outputs in {outputDirectory}");
    }

    private static string Metric(double value) => value.ToString("0.0000", Invariant);
}
