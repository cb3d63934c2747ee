using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;

namespace MlOps.Serving.Tests;

/// <summary>
/// A real model trained in-process (2 trials) and written as a build would: model.zip, schema.json (inferred, so it
/// has categories and quantiles) and manifest.json. One per task, trained once per test run.
/// </summary>
internal sealed class TrainedModel
{
    private static readonly ConcurrentDictionary<(MlTask, bool), Lazy<TrainedModel>> Cache = new();
    private static readonly string[] Colors = ["red", "green", "blue"];

    private TrainedModel(string folder, TabularData data, DataSchema schema)
    {
        Folder = folder;
        Data = data;
        Schema = schema;
    }

    public string Folder { get; }
    /// <summary>The training rows, label included: request bodies are built from them.</summary>
    public TabularData Data { get; }
    public DataSchema Schema { get; }

    /// <summary>Deletes the model folders trained in this run.</summary>
    public static void DeleteAll()
    {
        foreach (var model in Cache.Values.Where(l => l.IsValueCreated).Select(l => l.Value))
            try { Directory.Delete(model.Folder, recursive: true); } catch (IOException) { }
    }

    public static TrainedModel For(MlTask task) => Cache.GetOrAdd((task, false), k => new Lazy<TrainedModel>(() => Train(k.Item1, false))).Value;

    /// <summary>A clearly worse model of the same task and columns: trained on the same rows with their labels shuffled,
    /// so it learned nothing true (a stand-in champion whose answers differ from <see cref="For"/>'s).</summary>
    public static TrainedModel Weak(MlTask task) => Cache.GetOrAdd((task, true), k => new Lazy<TrainedModel>(() => Train(k.Item1, true))).Value;

    private static TrainedModel Train(MlTask task, bool shuffled)
    {
        var data = Create(task, 300);
        if (shuffled)
        {
            var label = data.Column("target").ToArray();
            new Random(11).Shuffle(label);
            data = new TabularData(data.Path, ',', true, data.ColumnNames, [.. data.Columns.SkipLast(1), DataColumn.From(label)]);
        }
        var schema = ColumnInference.Infer(data, new InferenceOptions { Label = "target", Task = task });
        var result = AutoMLEngine.Run(data, null, schema, new AutoMLSettings { Task = task, MaxTrials = 2, Seed = 1, TrainingTimeSeconds = 30 });
        var folder = Path.Combine(Path.GetTempPath(), $"mlops-serving-{task}{(shuffled ? "-weak" : "")}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        result.Save(Path.Combine(folder, ArtifactFiles.Model));
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Schema), SchemaJson.Serialize(schema));
        var now = DateTimeOffset.UtcNow;
        var manifest = new Manifest
        {
            SdkVersion = "0.0.0-test", MlNetVersion = "5.0.1", Task = task.ToString(), Label = schema.Label, Seed = 1,
            OptimizingMetric = result.Metric, Budget = new BudgetRecord(30, 2, result.Trials.Count),
            BestTrainer = new BestTrainerRecord(result.BestTrial.Trainer, result.BestTrial.Hyperparameters, result.BestTrial.Metric, 0),
            Featurization = result.Featurization, Data = [new DataFileRecord("training", "train.csv", new string('a', 64), 300)],
            ModelSha256 = FileHash.Sha256(Path.Combine(folder, ArtifactFiles.Model)),
            StartedUtc = now, FinishedUtc = now, TrainingSeconds = 1,
        };
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Manifest), MlOpsJson.Serialize(manifest));
        return new TrainedModel(folder, data, schema);
    }

    /// <summary>x1, "x 2" (numeric, ~10% missing), color (categorical), flag (boolean); the label depends on them.</summary>
    private static TabularData Create(MlTask task, int rows)
    {
        var random = new Random(7);
        string?[] x1 = new string?[rows], x2 = new string?[rows], color = new string?[rows], flag = new string?[rows], label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            double a = random.NextDouble() * 4 - 2, b = random.NextDouble() * 4 - 2;
            var c = random.Next(3);
            var f = random.Next(2) == 1;
            x1[r] = F(a);
            x2[r] = random.NextDouble() < 0.1 ? null : F(b);
            color[r] = Colors[c];
            flag[r] = f ? "true" : "false";
            var signal = a + 0.7 * b + (c == 0 ? 1.0 : c == 1 ? -0.5 : 0) + (f ? 0.5 : 0) + (random.NextDouble() - 0.5) * 0.6;
            label[r] = task switch
            {
                MlTask.BinaryClassification => signal > 0 ? "yes" : "no",
                MlTask.MulticlassClassification => signal < -0.8 ? "low" : signal < 0.8 ? "mid" : "high",
                _ => F(3 * a - 2 * b + c + signal),
            };
        }
        return new TabularData("train.csv", ',', true, ["x1", "x 2", "color", "flag", "target"], [x1, x2, color, flag, label]);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Row r as a request object: numbers, booleans and strings typed; missing cells left out.</summary>
    public JsonObject Request(int r)
    {
        var item = new JsonObject();
        foreach (var column in Schema.Features)
        {
            if (Data.Column(column.Name)[r] is not { } cell) continue;
            item[column.Name] = column.Kind switch
            {
                ColumnKind.Numeric => JsonValue.Create(double.Parse(cell, CultureInfo.InvariantCulture)),
                ColumnKind.Boolean => JsonValue.Create(bool.Parse(cell)),
                _ => JsonValue.Create(cell),
            };
        }
        return item;
    }

    /// <summary>What the model gives in-process for the first rows, through the engine's own DataViewFactory.</summary>
    public IDataView ScoreInProcess(int rows)
    {
        var ml = new MLContext(0);
        var model = ml.Model.Load(Path.Combine(Folder, ArtifactFiles.Model), out _);
        var head = new TabularData("head.csv", ',', true, Data.ColumnNames, [.. Data.Columns.Select(c => c.Take(rows).ToArray())]);
        return model.Transform(DataViewFactory.Create(head, Schema, includeLabel: false));
    }
}
