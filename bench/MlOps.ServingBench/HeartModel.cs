using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;

namespace MlOps.ServingBench;

/// <summary>
/// Trains the shared heart dataset (read in place) in-process, the way the tool does (CsvLoader -> ColumnInference ->
/// AutoMLEngine.Run), and writes a model folder as a build would: model.zip, schema.json, manifest.json.
/// </summary>
public sealed record HeartModel(string Folder, string Trainer, int Trials, string RequestJson, double TrainSeconds)
{
    public const string Label = "Column13";
    public const int FeatureCount = 13;

    public static HeartModel Train(string dataDir, string folder, int maxTrials, double budgetSeconds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var trainPath = Path.Combine(dataDir, "heart-train.csv");
        var train = CsvLoader.Load(trainPath, new CsvOptions());
        var test = CsvLoader.Load(Path.Combine(dataDir, "heart-test.csv"), new CsvOptions());
        var schema = ColumnInference.Infer(train, new InferenceOptions { Label = Label, Task = MlTask.BinaryClassification });
        var features = schema.Features.Select(c => c.Name).ToArray();
        var expected = Enumerable.Range(0, FeatureCount).Select(i => $"Column{i}").ToArray();
        if (!features.SequenceEqual(expected) || schema.Features.Any(c => c.Kind != ColumnKind.Numeric))
            throw new InvalidOperationException(
                $"The baseline's hand-written HeartInput expects numeric Column0..Column12; the schema has {string.Join(", ", schema.Features.Select(c => $"{c.Name}:{c.Kind}"))}.");

        var result = AutoMLEngine.Run(train, test, schema, new AutoMLSettings
        {
            Task = MlTask.BinaryClassification, MaxTrials = maxTrials, TrainingTimeSeconds = budgetSeconds, Seed = 1,
            MaxParallelism = Environment.ProcessorCount,
        });
        Directory.CreateDirectory(folder);
        var modelPath = Path.Combine(folder, ArtifactFiles.Model);
        result.Save(modelPath);
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Schema), SchemaJson.Serialize(schema));
        var now = DateTimeOffset.UtcNow;
        var manifest = new Manifest
        {
            SdkVersion = "0.0.0-bench", MlNetVersion = "5.0.1", Task = schema.Task.ToString(), Label = schema.Label, Seed = 1,
            OptimizingMetric = result.Metric, Budget = new BudgetRecord(budgetSeconds, maxTrials, result.Trials.Count),
            BestTrainer = new BestTrainerRecord(result.BestTrial.Trainer, result.BestTrial.Hyperparameters, result.BestTrial.Metric, 0),
            Featurization = result.Featurization,
            Data = [new DataFileRecord("training", "heart-train.csv", FileHash.Sha256(trainPath), train.RowCount)],
            ModelSha256 = FileHash.Sha256(modelPath),
            StartedUtc = now, FinishedUtc = now, TrainingSeconds = clock.Elapsed.TotalSeconds,
        };
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Manifest), MlOpsJson.Serialize(manifest));

        // The request: the first test row, all 13 features, as one JSON object (both servers take the same body).
        var row = new JsonObject();
        foreach (var name in features)
            row[name] = JsonValue.Create(double.Parse(test.Column(name)[0]!, CultureInfo.InvariantCulture));
        return new HeartModel(folder, result.BestTrial.Trainer, result.Trials.Count, row.ToJsonString(), clock.Elapsed.TotalSeconds);
    }
}
