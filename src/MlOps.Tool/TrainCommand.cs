using System.Diagnostics;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;
using MlOps.Engine.Metrics;
using MlOps.Engine.Onnx;
using MlOps.Engine.Replay;
using MlOps.Sdk.Tasks;
using MlOps.Tool.Runs;

namespace MlOps.Tool;

/// <summary>train: load, infer the schema, search, and swap the new outputs in as one set.</summary>
public static class TrainCommand
{
    /// <summary>SdkVersion is read only as part of the model's identity (TrainingInputs): a new SDK retrains.</summary>
    public static readonly OptionKeys Keys = new(
        ["ProjectFile", "OutputDirectory", "TrainingData", "Label"],
        ["SdkVersion", "TestData", "Task", "TrainingTime", "MaxTrials", "Seed", "Metric", "Separator", "HasHeader", "Quoting",
         "IgnoreColumns", "CategoricalColumns", "TextColumns", "NumericColumns", "Trainers", "MaxParallelism", "MaxMemoryMB",
         "SchemaContract", "StrictSchema", "Replay", "ReplayManifest", "ExportOnnx"]);

    /// <param name="displayOutput">The folder the build copies the outputs to, for the summary (the options name the
    /// configuration-independent store, so that Debug and Release share one model).</param>
    /// <param name="runHistory">The run history's folder (<see cref="RunHistory"/>): a flag, so where it lives never retrains.</param>
    public static int Run(OptionsFile options, bool updateSchema, string? displayOutput, string? runHistory, TextWriter log, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var settings = TrainSettings.From(options);
        // Replay reads its manifest first: a missing or stale one fails before any data is loaded.
        var replay = settings.Replay ? ReplaySource.Load(settings.ReplayManifest) : null;
        if (replay is not null && settings.ExportOnnx) OnnxExport.RequireExportable(replay.Recipe, replay.Path);

        log.WriteLine(ToolOutput.FormatStatus("0 s", "loading data", $"MlOps: loading {Plural(settings.TrainingData.Count, "training file")} and {Plural(settings.TestData.Count, "test file")}"));
        var loading = new LoadStatus(log, () => clock.Elapsed);
        var train = DataFiles.Load(settings.TrainingData, settings.Csv, loading.Report)!;
        var test = DataFiles.Load(settings.TestData, settings.Csv, loading.Report);
        foreach (var warning in train.Table.Warnings.Concat(test?.Table.Warnings ?? []))
            log.WriteLine(warning.Format());
        var schema = ColumnInference.Infer(train.Table, settings.Inference);
        if (replay is not null) schema = ReplayEngine.AdaptSchema(schema, replay.Manifest, train.Table, replay.Path);
        var loaded = replay is null ? Progress.DataSummary(train.Table, schema, settings) : Progress.ReplaySummary(train.Table, schema, replay);
        log.WriteLine(ToolOutput.FormatStatus("0 s", "data loaded, searching", loaded));
        if (schema.MissingLabelRows > 0)
            log.WriteLine(CanonicalMessage.Format("warning", ErrorCodes.MissingLabelsDropped,
                $"{schema.MissingLabelRows} training rows have no '{schema.Label}' value and are left out of training.", train.Table.Path));
        ContractStep.Check(settings.SchemaContract, updateSchema, settings.StrictSchema, train.Table, schema, log);

        var metric = MetricCatalog.Resolve(schema.Task, replay?.Manifest.OptimizingMetric ?? settings.Metric);
        var progress = new TrialProgress(log, metric, settings.TrainingTimeSeconds, replay is null ? settings.MaxTrials : 1);
        var result = replay is not null
            ? ReplayEngine.Run(train.Table, test?.Table, schema, replay.Recipe, replay.Manifest.Seed, metric, replay.Path,
                progress.Report, cancellationToken)
            : AutoMLEngine.Run(train.Table, test?.Table, schema, new AutoMLSettings
        {
            Task = schema.Task,
            Metric = metric,
            TrainingTimeSeconds = settings.TrainingTimeSeconds,
            // MlOpsTrainingTime covers the whole command: loading and inference count against it.
            ElapsedSeconds = clock.Elapsed.TotalSeconds,
            MaxTrials = settings.MaxTrials,
            Seed = settings.Seed,
            Trainers = settings.Trainers,
            MaxParallelism = settings.MaxParallelism,
            MaxMemoryMB = settings.MaxMemoryMB,
            OnnxExportable = settings.ExportOnnx,
        }, progress.Report, cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var warning in result.Warnings)
            log.WriteLine(warning.Format());
        using (var stage = new StagedDirectory(settings.OutputDirectory))
        {
            var modelPath = stage.PathOf(ArtifactFiles.Model);
            result.Save(modelPath);
            // Staged with the rest: model.onnx appears (or is replaced) only with the model.zip it was converted from.
            if (settings.ExportOnnx) OnnxExport.Save(result, schema.Task, stage.PathOf(ArtifactFiles.Onnx));
            File.WriteAllText(stage.PathOf(ArtifactFiles.Schema), SchemaJson.Serialize(schema));
            File.WriteAllText(stage.PathOf(ArtifactFiles.Metrics), MlOpsJson.Serialize(Reports.Metrics(result, Reports.ProjectDirectory(settings))));
            var manifest = Reports.Manifest(settings, schema, result, train, test, FileHash.Sha256(modelPath), started, clock.Elapsed, replay);
            manifest = manifest with { TrainingInputsSha256 = TrainingInputs.Sha256(options, manifest.Data, Versions.Sdk) };
            File.WriteAllText(stage.PathOf(ArtifactFiles.Manifest), MlOpsJson.Serialize(manifest));
            cancellationToken.ThrowIfCancellationRequested();
            stage.Commit();
        }
        if (runHistory is { Length: > 0 }) new RunHistory(runHistory).Append(settings.OutputDirectory);
        ContractStep.Write(settings.SchemaContract, updateSchema, schema, log);
        var projectDir = Reports.ProjectDirectory(settings);
        log.WriteLine(ToolOutput.FormatSummary(Progress.Summary(result, schema.Task, Reports.TestSource(result, projectDir),
            Reports.Relative(displayOutput ?? settings.OutputDirectory, projectDir), clock.Elapsed)));
        return 0;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
