using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MlOps.Bench;

/// <summary>Parent: runs every dataset in its own child process, then the determinism check, and prints the report.</summary>
public static class Bench
{
    /// <summary>The small datasets the determinism check runs twice: tabular (heart, iris) and text (wikidetox).</summary>
    public static readonly string[] DeterminismDatasets = ["heart", "iris", "wikidetox"];

    public static int Run(BenchOptions options, string dataDir)
    {
        var workDir = Path.Combine(Path.GetTempPath(), $"mlops-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(workDir);
        var progress = Console.Error;

        var sample = ChildRun.Settings(options.Datasets.FirstOrDefault()?.Task ?? MlOps.Core.Schema.MlTask.Regression, options.Budget, options.Seed, null);
        Console.WriteLine($"# MlOps.Bench — {DateTime.Now:yyyy-MM-dd HH:mm zzz}");
        Console.WriteLine();
        Console.WriteLine($"- machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"- data: {dataDir}");
        // CultureInfo.CurrentCulture is invariant (Program.cs).
        Console.WriteLine(
            $"- engine settings (per dataset): TrainingTimeSeconds={sample.TrainingTimeSeconds:0.#}, MaxTrials=null, Seed={sample.Seed}, " +
            $"Metric=task default (MetricCatalog.Resolve(task, null)), Trainers=null (all), MaxParallelism={sample.MaxParallelism}; " +
            $"CsvOptions(separator: detect, hasHeader: detect); InferenceOptions {{ Label, Task }}");
        Console.WriteLine($"- logs and models: {workDir}");
        Console.WriteLine();

        var outcomes = new List<ChildOutcome>();
        foreach (var dataset in options.Datasets)
        {
            GeneratedData.Ensure(dataset, dataDir, progress);
            progress.Write($"  {dataset.Name} ({options.Budget:0.#} s budget) ... ");
            var outcome = ChildProcess.Run(dataset, options.Budget, options.Seed, null, null, Path.Combine(workDir, $"{dataset.Name}.log"));
            outcomes.Add(outcome);
            progress.WriteLine(outcome.Result is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{dataset.Metric}={r.TestMetrics.GetValueOrDefault(dataset.Metric, double.NaN):0.000}, {r.Trials} trials, {outcome.WallSeconds:0.0} s")
                : $"FAILED (exit {outcome.ExitCode}): {outcome.Failure}");
        }

        if (outcomes.Count > 0)
        {
            Console.WriteLine(Report.Table(outcomes));
            Console.WriteLine(Report.Notes(outcomes, options.Budget));
        }
        var sdkDeterminism = true;
        if (options.SdkDatasets.Count > 0)
        {
            var (report, pass) = SdkBuild.Run(options.SdkDatasets, options, dataDir, workDir, progress);
            Console.WriteLine(report);
            sdkDeterminism = pass;
        }
        File.WriteAllText(Path.Combine(workDir, "results.json"),
            JsonSerializer.Serialize(outcomes.Select(o => new { o.Dataset.Name, o.WallSeconds, o.ExitCode, o.Result }), ChildResult.Json));

        var exit = outcomes.Any(o => o.Result is null) ? 3 : sdkDeterminism ? 0 : 1;
        if (options.DeterminismTrials > 0)
        {
            var checks = DeterminismDatasets.Select(Datasets.Find)
                .Select(d => Determinism.Run(d, options.Seed, options.DeterminismTrials, workDir, progress)).ToList();
            Console.WriteLine(Report.DeterminismSection(checks, options.DeterminismTrials, options.Seed));
            if (!checks.All(c => c.Pass)) exit = 1;
        }
        return exit;
    }
}
