using System.Diagnostics;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;
using MlOps.Engine.Metrics;

namespace MlOps.Tool;

/// <summary>train: load, infer the schema, search, and swap the new outputs in as one set.</summary>
public static class TrainCommand
{
    public static int Run(OptionsFile options, TextWriter log, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var settings = TrainSettings.From(options);

        var train = DataFiles.Load(settings.TrainingData, settings.Csv)!;
        var test = DataFiles.Load(settings.TestData, settings.Csv);
        var schema = ColumnInference.Infer(train.Table, settings.Inference);
        log.WriteLine(Progress.DataSummary(train.Table, schema, settings));
        if (schema.MissingLabelRows > 0)
            log.WriteLine(CanonicalMessage.Format("warning", ErrorCodes.MissingLabelsDropped,
                $"{schema.MissingLabelRows} training rows have no '{schema.Label}' value and are left out of training.", train.Table.Path));

        var metric = MetricCatalog.Resolve(schema.Task, settings.Metric);
        var result = AutoMLEngine.Run(train.Table, test?.Table, schema, new AutoMLSettings
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
            var manifest = Reports.Manifest(settings, schema, result, train, test, FileHash.Sha256(modelPath), started, clock.Elapsed);
            File.WriteAllText(stage.PathOf(ArtifactFiles.Manifest), MlOpsJson.Serialize(manifest));
            cancellationToken.ThrowIfCancellationRequested();
            stage.Commit();
        }
        log.WriteLine(Progress.Summary(result, settings.OutputDirectory, clock.Elapsed));
        return 0;
    }
}
