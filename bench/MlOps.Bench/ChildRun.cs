using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;
using MlOps.Engine.Metrics;

namespace MlOps.Bench;

/// <summary>
/// Runs in the child process: trains one dataset the way src/MlOps.Tool/TrainCommand.cs does
/// (CsvLoader -> ColumnInference -> AutoMLEngine.Run) and prints one JSON result line.
/// Trial progress goes to stderr, which the parent keeps in a log file.
/// </summary>
public static class ChildRun
{
    public static AutoMLSettings Settings(MlTask task, double budgetSeconds, int seed, int? maxTrials) => new()
    {
        Task = task,
        Metric = MetricCatalog.Resolve(task, null), // the task's default, as the tool does when MlOpsMetric is empty
        TrainingTimeSeconds = budgetSeconds,
        MaxTrials = maxTrials,
        Seed = seed,
        Trainers = null,
        MaxParallelism = Environment.ProcessorCount, // the tool's default when MlOpsMaxParallelism is empty
    };

    public static int Run(Dataset dataset, string dataDir, double budgetSeconds, int seed, int? maxTrials, string? savePath)
    {
        var clock = Stopwatch.StartNew();
        var csv = new CsvOptions(Separator: null, HasHeader: dataset.HasHeader);
        var train = CsvLoader.Load(dataset.TrainPath(dataDir), csv);
        var test = CsvLoader.Load(dataset.TestPath(dataDir), csv);
        var schema = ColumnInference.Infer(train, new InferenceOptions { Label = dataset.Label, Task = dataset.Task });
        // As the tool does: the budget covers the whole command, loading included.
        var settings = Settings(schema.Task, budgetSeconds, seed, maxTrials) with { ElapsedSeconds = clock.Elapsed.TotalSeconds };

        var log = Console.Error;
        log.WriteLine($"{dataset.Name}: {Describe(train)}; test {Describe(test)}");
        var result = AutoMLEngine.Run(train, test, schema, settings, trial => log.WriteLine(Trial(trial, settings.Metric!)));

        string? sha = null;
        if (savePath is not null)
        {
            result.Save(savePath);
            sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(savePath)));
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;

        var failed = result.Trials.Where(t => t.Error is not null).ToList();
        var line = new ChildResult
        {
            Dataset = dataset.Name,
            Task = schema.Task.ToString(),
            OptimizedMetric = result.Metric,
            TestMetrics = result.TestMetrics.ToDictionary(kv => kv.Key, kv => kv.Value),
            Trials = result.Trials.Count,
            FailedTrials = failed.Count,
            TimedOutTrials = failed.Count(t => t.Error!.StartsWith("stopped", StringComparison.Ordinal)),
            FirstError = failed.FirstOrDefault(t => !t.Error!.StartsWith("stopped", StringComparison.Ordinal))?.Error,
            TrialsByTrainer = result.Trials.GroupBy(t => t.Trainer).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            BestTrainer = result.BestTrial.Trainer,
            BestTrialNumber = result.BestTrial.Number,
            BestValidationMetric = result.BestTrial.Metric,
            LongestTrialSeconds = result.Trials.Count == 0 ? 0 : result.Trials.Max(t => t.Seconds),
            SearchSeconds = result.SearchSeconds,
            TrainSeconds = trainSeconds,
            PeakMb = PeakMemoryMb(),
            Loader = $"train {Describe(train)}; test {Describe(test)}",
            Schema = string.Join(", ", schema.Features.GroupBy(c => c.Kind).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))
                     + (schema.Columns.Count(c => c.Kind == ColumnKind.Ignored) is var ignored and > 0 ? $" ({ignored} ignored)" : ""),
            Validation = result.ValidationMethod,
            ModelSha256 = sha,
        };
        Console.Out.WriteLine(line.ToLine());
        return 0;
    }

    private static string Describe(TabularData t)
    {
        var names = t.ColumnNames;
        var shown = names.Count <= 6 ? string.Join(",", names) : $"{names[0]},{names[1]},...,{names[^1]}";
        var sep = t.Separator == '\t' ? "\\t" : t.Separator.ToString();
        return $"{t.RowCount} rows, sep '{sep}', header {(t.HasHeader ? "yes" : "no")}, {names.Count} columns [{shown}]";
    }

    private static string Trial(TrialResult t, string metric) => t.Error is null
        ? string.Create(CultureInfo.InvariantCulture, $"trial {t.Number,3} {t.Trainer,-14} {metric}={t.Metric:0.0000}±{t.MetricStdDev:0.0000} ({t.Seconds:0.0} s){(t.Pruned ? " pruned" : "")} {string.Join(" ", t.Hyperparameters.Select(h => $"{h.Key}={h.Value}"))}")
        : string.Create(CultureInfo.InvariantCulture, $"trial {t.Number,3} {t.Trainer,-14} FAILED: {t.Error} ({t.Seconds:0.0} s)");

    /// <summary>VmHWM (peak resident set) of this process from /proc/self/status, in MB; NaN where unavailable.</summary>
    public static double PeakMemoryMb() => ProcessProbe.PeakBytes() is long bytes ? bytes / (1024.0 * 1024.0) : double.NaN;
}
