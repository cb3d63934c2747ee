using MlOps.Core.Artifacts;
using MlOps.Core.IO;

namespace MlOps.Tool.Runs;

/// <summary>One line of runs.jsonl: a training run, the folder that keeps what a comparison needs, and its headline numbers.</summary>
public sealed record RunRecord(int Run, string Folder, DateTimeOffset FinishedUtc, string ModelSha256, string Task, string OptimizingMetric,
    double? TestMetric, string? TrainingInputsSha256);

/// <summary>
/// The run history (obj/mlops/runs/, beside the model store): runs.jsonl, appended by every training and never
/// rewritten, and a numbered folder per run with copies of its manifest.json, metrics.json and schema.json (not the
/// model: a comparison reads only these, and they are small). Written by the train command after the new model is
/// in place, so a build that does not retrain adds nothing; -t:MlOpsCompare's previous run comes from here.
/// </summary>
public sealed class RunHistory(string folder)
{
    public const string FileName = "runs.jsonl";
    private static readonly string[] Kept = [ArtifactFiles.Manifest, ArtifactFiles.Metrics, ArtifactFiles.Schema];

    public string Folder => folder;
    public string FilePath => Path.Combine(folder, FileName);

    public IReadOnlyList<RunRecord> Runs() => MlOpsJson.ReadLines<RunRecord>(FilePath);

    /// <summary>Records the model in <paramref name="modelFolder"/> as the next run: its files first, then the line that names them.</summary>
    public RunRecord Append(string modelFolder)
    {
        var manifest = MlOpsJson.Read<Manifest>(Path.Combine(modelFolder, ArtifactFiles.Manifest));
        var metrics = MlOpsJson.Read<MetricsReport>(Path.Combine(modelFolder, ArtifactFiles.Metrics));
        var run = Runs().Select(r => r.Run).DefaultIfEmpty(0).Max() + 1;
        var name = run.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var kept = Path.Combine(folder, name);
        Directory.CreateDirectory(kept);
        foreach (var file in Kept) AtomicFile.Copy(Path.Combine(modelFolder, file), Path.Combine(kept, file));
        var record = new RunRecord(run, name, manifest.FinishedUtc, manifest.ModelSha256, manifest.Task, metrics.OptimizingMetric,
            metrics.Test.TryGetValue(metrics.OptimizingMetric, out var value) && double.IsFinite(value) ? value : null, manifest.TrainingInputsSha256);
        MlOpsJson.AppendLine(FilePath, record);
        return record;
    }

    /// <summary>The latest run of another model than <paramref name="modelSha256"/> (the current one is normally the last line), or null.</summary>
    public RunRecord? PreviousOf(string modelSha256) =>
        Runs().LastOrDefault(r => !string.Equals(r.ModelSha256, modelSha256, StringComparison.OrdinalIgnoreCase) && Directory.Exists(FolderOf(r)));

    public string FolderOf(RunRecord run) => Path.Combine(folder, run.Folder);
}
