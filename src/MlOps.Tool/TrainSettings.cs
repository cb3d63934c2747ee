using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Tool;

/// <summary>The train command's settings, validated; a bad value points at its line in the project file.</summary>
public sealed record TrainSettings
{
    public required string ProjectFile { get; init; }
    public required string OutputDirectory { get; init; }
    public required IReadOnlyList<string> TrainingData { get; init; }
    public required IReadOnlyList<string> TestData { get; init; }
    public required CsvOptions Csv { get; init; }
    public required InferenceOptions Inference { get; init; }
    public required double TrainingTimeSeconds { get; init; }
    public int? MaxTrials { get; init; }
    public required int Seed { get; init; }
    public string? Metric { get; init; }
    public IReadOnlyList<string>? Trainers { get; init; }
    public required int MaxParallelism { get; init; }
    public int? MaxMemoryMB { get; init; }
    /// <summary>mlops.schema.json: written by the first training, checked by later ones; null turns the contract off.</summary>
    public string? SchemaContract { get; init; }
    public bool StrictSchema { get; init; }
    /// <summary>MlOpsReplay: refit the recipe of <see cref="ReplayManifest"/> instead of searching.</summary>
    public bool Replay { get; init; }
    /// <summary>Full path of the manifest to replay (the targets default it to the output manifest).</summary>
    public string? ReplayManifest { get; init; }
    /// <summary>MlOpsExportOnnx: search exportable pipelines only and write model.onnx beside model.zip.</summary>
    public bool ExportOnnx { get; init; }

    public static TrainSettings From(OptionsFile options)
    {
        var project = options.Require("ProjectFile");
        var lines = new ProjectLines(project);
        return new TrainSettings
        {
            ProjectFile = project,
            OutputDirectory = options.Require("OutputDirectory"),
            TrainingData = options.All("TrainingData"),
            TestData = options.All("TestData"),
            Csv = CsvSettings.From(options, lines.Error),
            Inference = new InferenceOptions
            {
                Label = options.Require("Label"),
                Task = ParseTask(options.Get("Task"), lines),
                Ignore = options.List("IgnoreColumns"),
                Categorical = options.List("CategoricalColumns"),
                Text = options.List("TextColumns"),
                Numeric = options.List("NumericColumns"),
            },
            TrainingTimeSeconds = ParseTrainingTime(options.Get("TrainingTime"), lines),
            MaxTrials = ParsePositiveInt(options.Get("MaxTrials"), "MlOpsMaxTrials", lines),
            Seed = ParseInt(options.Get("Seed"), "MlOpsSeed", lines) ?? 0,
            Metric = options.Get("Metric"),
            Trainers = options.List("Trainers") is { Count: > 0 } trainers ? trainers : null,
            MaxParallelism = ParsePositiveInt(options.Get("MaxParallelism"), "MlOpsMaxParallelism", lines) ?? Environment.ProcessorCount,
            MaxMemoryMB = ParsePositiveInt(options.Get("MaxMemoryMB"), "MlOpsMaxMemoryMB", lines),
            SchemaContract = options.Get("SchemaContract"),
            StrictSchema = ParseBoolean(options.Get("StrictSchema"), "MlOpsStrictSchema", lines) ?? false,
            Replay = ParseBoolean(options.Get("Replay"), "MlOpsReplay", lines) ?? false,
            ReplayManifest = options.Get("ReplayManifest"),
            ExportOnnx = ParseBoolean(options.Get("ExportOnnx"), "MlOpsExportOnnx", lines) ?? false,
        };
    }

    private static MlTask? ParseTask(string? value, ProjectLines lines)
    {
        if (value is null) return null;
        if (Enum.TryParse<MlTask>(value, ignoreCase: true, out var task) && !int.TryParse(value, out _)) return task;
        throw lines.Error(ErrorCodes.UnknownTask, "MlOpsTask",
            $"MlOpsTask '{value}' is not a task. Use one of: {string.Join(", ", Enum.GetNames<MlTask>())}, or leave it empty to infer the task from the label.");
    }

    private static double ParseTrainingTime(string? value, ProjectLines lines)
    {
        if (value is null) return 60;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds))
            return seconds;
        throw lines.Error(ErrorCodes.InvalidTrainingTime, "MlOpsTrainingTime",
            $"MlOpsTrainingTime must be a number of seconds greater than 0, but is '{value}'.");
    }

    private static bool? ParseBoolean(string? value, string property, ProjectLines lines)
    {
        if (value is null) return null;
        if (bool.TryParse(value, out var b)) return b;
        throw lines.Error(ErrorCodes.InvalidBoolean, property, $"{property} must be true or false (or empty to detect), but is '{value}'.");
    }

    private static int? ParseInt(string? value, string property, ProjectLines lines)
    {
        if (value is null) return null;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        throw lines.Error(ErrorCodes.InvalidNumber, property, $"{property} must be a whole number, but is '{value}'.");
    }

    private static int? ParsePositiveInt(string? value, string property, ProjectLines lines)
    {
        var n = ParseInt(value, property, lines);
        if (n is null or > 0) return n;
        throw lines.Error(ErrorCodes.InvalidNumber, property, $"{property} must be greater than 0, but is '{value}'.");
    }
}
