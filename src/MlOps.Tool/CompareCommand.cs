using System.Globalization;
using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Sdk.Tasks;
using MlOps.Tool.Compare;
using MlOps.Tool.Runs;

namespace MlOps.Tool;

/// <summary>
/// compare (-t:MlOpsCompare, docs/compare.md): writes the run comparison of the current model with a baseline: the
/// folder the baseline command fetched MlOpsCompareBaseline into, else the previous run of the run history. One HTML
/// report, its Markdown short version beside it, and, in CI, that version appended to the job summary.
/// </summary>
public static class CompareCommand
{
    public static readonly OptionKeys Keys = new(["ProjectFile", "ModelFolder", "RunHistory", "Output"],
        ["Name", "Baseline", "BaselineName", "StepSummary"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var modelFolder = options.Require("ModelFolder");
        if (!File.Exists(Path.Combine(modelFolder, ArtifactFiles.Manifest)))
            throw new MlOpsException(ErrorCodes.CompareModelNotBuilt,
                $"There is no trained model to compare in '{modelFolder}': run dotnet build first (without MlOpsSkipTraining=true).", project.Path);
        var history = new RunHistory(options.Require("RunHistory"));
        var runs = history.Runs();
        var current = Load(modelFolder, "");
        current = current with { Name = Describe(options.Get("Name") ?? "current model", runs.LastOrDefault(r => r.ModelSha256 == current.Manifest.ModelSha256)) };

        var baseline = options.Get("Baseline") is { } folder
            ? Load(folder, options.Get("BaselineName") ?? folder)
            : history.PreviousOf(current.Manifest.ModelSha256) is { } previous
                ? Load(history.FolderOf(previous), Describe("previous run", previous))
                : throw project.Error(ErrorCodes.CompareBaselineMissing, "MlOpsCompareBaseline",
                    $"There is no earlier run to compare with: the run history ({history.FilePath}) has {(runs.Count == 1 ? "1 run" : $"{runs.Count} runs")} and none of another model. " +
                    "Retrain after a change (data or an MlOps setting), or set MlOpsCompareBaseline to a model path, nuget:<id>@<version|latest> or oci:<ref>.");
        CheckComparable(baseline, current);

        var comparison = Comparison.Of(baseline, current);
        var output = Path.GetFullPath(options.Require("Output"));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        AtomicFile.WriteAllText(output, HtmlComparison.Render(comparison));
        var markdown = MarkdownComparison.Render(comparison);
        AtomicFile.WriteAllText(Path.ChangeExtension(output, ".md"), markdown);
        // GitHub Actions' job summary: appended, as every step of the job shares the file.
        if (options.Get("StepSummary") is { } summary) File.AppendAllText(summary, markdown + "\n");
        // A summary line: the terminal logger hides plain messages at normal verbosity, and this one is the command's answer.
        log.WriteLine(ToolOutput.FormatSummary($"MlOps: run comparison written: {output} ({comparison.Title}: {comparison.Verdict})"));
        return 0;
    }

    /// <summary>A run's name in the report: what it is, its number in the history and when it finished.</summary>
    private static string Describe(string what, RunRecord? run) => run is null ? what
        : string.Create(CultureInfo.InvariantCulture, $"{what} (run {run.Run}, {run.FinishedUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");

    private static ComparedModel Load(string folder, string name)
    {
        try { return ComparedModel.Load(folder, name); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new MlOpsException(ErrorCodes.CompareInputUnreadable,
                $"A comparison reads {ArtifactFiles.Manifest} and {ArtifactFiles.Metrics} of both models; those in '{folder}' could not be read: {e.Message}",
                Path.Combine(folder, ArtifactFiles.Manifest));
        }
    }

    /// <summary>Metrics of another task or label say nothing about this model: refuse rather than show meaningless deltas.</summary>
    private static void CheckComparable(ComparedModel baseline, ComparedModel current)
    {
        var (b, c) = (baseline.Manifest, current.Manifest);
        if (b.Task != c.Task || b.Label != c.Label)
            throw new MlOpsException(ErrorCodes.CompareBaselineIncompatible,
                $"The baseline {baseline.Name} predicts '{b.Label}' ({b.Task}), the current model '{c.Label}' ({c.Task}): " +
                "compare with a model of the same task and label column.", baseline.ManifestPath);
    }
}
