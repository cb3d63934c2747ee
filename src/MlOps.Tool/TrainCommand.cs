using System.Diagnostics;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;
using MlOps.Engine.Metrics;
using MlOps.Engine.Replay;

namespace MlOps.Tool;

/// <summary>train: load, infer the schema, search, and swap the new outputs in as one set.</summary>
public static class TrainCommand
{
    public static int Run(OptionsFile options, bool updateSchema, TextWriter log, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var settings = TrainSettings.From(options);
        // Replay reads its manifest first: a missing or stale one fails before any data is loaded.
        var replay = settings.Replay ? ReplaySource.Load(settings.ReplayManifest) : null;

        var train = DataFiles.Load(settings.TrainingData, settings.Csv)!;
        var test = DataFiles.Load(settings.TestData, settings.Csv);
        var schema = ColumnInference.Infer(train.Table, settings.Inference);
        if (replay is not null) schema = ReplayEngine.AdaptSchema(schema, replay.Manifest, train.Table, replay.Path);
        log.WriteLine(replay is null ? Progress.DataSummary(train.Table, schema, settings) : Progress.ReplaySummary(train.Table, schema, replay));
        if (schema.MissingLabelRows > 0)
            log.WriteLine(CanonicalMessage.Format("warning", ErrorCodes.MissingLabelsDropped,
                $"{schema.MissingLabelRows} training rows have no '{schema.Label}' value and are left out of training.", train.Table.Path));
        ContractStep.Check(settings.SchemaContract, updateSchema, settings.StrictSchema, train.Table, schema, log);

        var metric = MetricCatalog.Resolve(schema.Task, replay?.Manifest.OptimizingMetric ?? settings.Metric);
        var result = replay is not null
            ? ReplayEngine.Run(train.Table, test?.Table, schema, replay.Recipe, replay.Manifest.Seed, metric, replay.Path,
                trial => log.WriteLine(Progress.Trial(trial, metric)), cancellationToken)
            : AutoMLEngine.Run(train.Table, test?.Table, schema, new AutoMLSettings
        {
            Task = schema.Task,
            Metric = metric,
            TrainingTimeSeconds = settings.TrainingTimeSeconds,
            MaxTrials = settings.MaxTrials,
            Seed = settings.Seed,
            Trainers = settings.Trainers,
            MaxParallelism = settings.MaxParallelism,
            MaxMemoryMB = settings.MaxMemoryMB,
        }, trial => log.WriteLine(Progress.Trial(trial, metric)), cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        using (var stage = new StagedDirectory(settings.OutputDirectory))
        {
            var modelPath = stage.PathOf(ArtifactFiles.Model);
            result.Save(modelPath);
            File.WriteAllText(stage.PathOf(ArtifactFiles.Schema), SchemaJson.Serialize(schema));
            File.WriteAllText(stage.PathOf(ArtifactFiles.Metrics), MlOpsJson.Serialize(Reports.Metrics(result)));
            var manifest = Reports.Manifest(settings, schema, result, train, test, FileHash.Sha256(modelPath), started, clock.Elapsed, replay);
            File.WriteAllText(stage.PathOf(ArtifactFiles.Manifest), MlOpsJson.Serialize(manifest));
            cancellationToken.ThrowIfCancellationRequested();
            stage.Commit();
        }
        ContractStep.Write(settings.SchemaContract, updateSchema, schema, log);
        log.WriteLine(Progress.Summary(result, settings.OutputDirectory, clock.Elapsed));
        return 0;
    }
}
