using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;

namespace MlOps.Tool;

/// <summary>Builds metrics.json and manifest.json from a finished search.</summary>
public static class Reports
{
    public static MetricsReport Metrics(AutoMLResult result, string projectDir) => new()
    {
        OptimizingMetric = result.Metric,
        ValidationMethod = result.ValidationMethod,
        Validation = result.ValidationMetrics,
        TestSource = TestSource(result, projectDir),
        Test = result.TestMetrics,
        Trials = result.Trials.Select(t => new TrialRecord(t.Number, t.Trainer, t.Hyperparameters, t.Metric, t.MetricStdDev, t.Seconds, t.Error)).ToList(),
        FeatureImportance = result.FeatureImportance.Select(f => new FeatureImportanceRecord(f.Column, f.Importance, f.StdDev)).ToList(),
        FeatureImportanceMethod = result.FeatureImportanceMethod,
        ConfusionMatrix = result.Charts.ConfusionMatrix,
        RocCurve = result.Charts.RocCurve,
        Residuals = result.Charts.Residuals,
    };

    public static Manifest Manifest(TrainSettings settings, DataSchema schema, AutoMLResult result,
        DataFiles.Loaded train, DataFiles.Loaded? test, string modelSha256, DateTimeOffset started, TimeSpan elapsed, ReplaySource? replay = null)
    {
        var projectDir = ProjectDirectory(settings);
        return new Manifest
        {
            SdkVersion = Versions.Sdk,
            MlNetVersion = Versions.MlNet,
            Task = schema.Task.ToString(),
            Label = schema.Label,
            // A replay keeps the seed and the budget of the search that found its recipe.
            Seed = replay?.Manifest.Seed ?? settings.Seed,
            OptimizingMetric = result.Metric,
            Budget = replay?.Manifest.Budget ?? new BudgetRecord(settings.TrainingTimeSeconds, settings.MaxTrials, result.Trials.Count),
            BestTrainer = new BestTrainerRecord(result.BestTrial.Trainer, result.BestTrial.Hyperparameters, result.BestTrial.Metric, result.BestTrial.MetricStdDev),
            Featurization = result.Featurization,
            Data = [.. DataRecords("training", train, projectDir), .. DataRecords("test", test, projectDir)],
            ModelSha256 = modelSha256,
            Git = GitInfo.Read(projectDir, Environment.GetEnvironmentVariable(GitInfo.RevisionVariable)),
            StartedUtc = started,
            FinishedUtc = started + elapsed,
            TrainingSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Mode = replay is null ? ManifestModes.Search : ManifestModes.Replay,
            ReplayOf = replay is null ? null : new ReplaySourceRecord(Relative(replay.Path, projectDir), replay.Sha256),
            Recipe = result.Recipe,
        };
    }

    private static IEnumerable<DataFileRecord> DataRecords(string role, DataFiles.Loaded? data, string projectDir) =>
        data?.Files.Select(f => new DataFileRecord(role, Relative(f.Path, projectDir), FileHash.Sha256(f.Path), f.Rows)) ?? [];

    /// <summary>The test file as a project-relative path, or the description of a holdout.</summary>
    public static string TestSource(AutoMLResult result, string projectDir) =>
        Path.IsPathRooted(result.TestSource) ? Relative(result.TestSource, projectDir) : result.TestSource;

    public static string ProjectDirectory(TrainSettings settings) => Path.GetDirectoryName(Path.GetFullPath(settings.ProjectFile))!;

    /// <summary>
    /// Project-relative ("data/train.csv", "../shared/train.csv"): a manifest ships in the package, the artifact and
    /// the image, and must not carry the build machine's folders. Only a file on another drive (Windows) has no
    /// relative path; its file name still says which file it was.
    /// </summary>
    public static string Relative(string path, string projectDir)
    {
        var relative = Path.GetRelativePath(projectDir, Path.GetFullPath(path));
        return Path.IsPathRooted(relative) ? Path.GetFileName(path) : relative.Replace('\\', '/');
    }
}
