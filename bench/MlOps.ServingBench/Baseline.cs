using System.Text.Json.Serialization;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.ServingBench;

/// <summary>
/// The hand-written baseline a team would write without the SDK: a minimal ASP.NET Core endpoint around ML.NET's
/// PredictionEngine, pooled like Microsoft.Extensions.ML's PredictionEnginePool (ObjectPool, no validation, no
/// metrics, no drift). Input/output classes are written by hand for the heart model's columns.
/// </summary>
public static class Baseline
{
    public static async Task<int> RunAsync(string modelFolder, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{port}"]);
        // As a generated template's appsettings.json would: no per-request logs.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(Path.Combine(modelFolder, "model.zip"), out _);
        var pool = new DefaultObjectPool<PredictionEngine<HeartInput, HeartOutput>>(
            new EnginePolicy(ml, model), Environment.ProcessorCount * 2);
        builder.Services.AddSingleton<ObjectPool<PredictionEngine<HeartInput, HeartOutput>>>(pool);

        var app = builder.Build();
        app.MapPost("/predict", (HeartInput input, ObjectPool<PredictionEngine<HeartInput, HeartOutput>> engines) =>
        {
            var engine = engines.Get();
            try
            {
                var p = engine.Predict(input);
                return new HeartResponse(p.PredictedLabel ? "1" : "0", p.Probability, p.Score);
            }
            finally { engines.Return(engine); }
        });
        app.MapGet("/health/ready", () => "ready");
        await app.RunAsync();
        return 0;
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<HeartInput, HeartOutput>>
    {
        public override PredictionEngine<HeartInput, HeartOutput> Create() => ml.Model.CreatePredictionEngine<HeartInput, HeartOutput>(model);
        public override bool Return(PredictionEngine<HeartInput, HeartOutput> obj) => true;
    }
}

/// <summary>heart-train.csv's 13 feature columns (headerless, so Column0..Column12), all numeric.</summary>
public sealed class HeartInput
{
    [LoadColumn(0)] public float Column0 { get; set; }
    [LoadColumn(1)] public float Column1 { get; set; }
    [LoadColumn(2)] public float Column2 { get; set; }
    [LoadColumn(3)] public float Column3 { get; set; }
    [LoadColumn(4)] public float Column4 { get; set; }
    [LoadColumn(5)] public float Column5 { get; set; }
    [LoadColumn(6)] public float Column6 { get; set; }
    [LoadColumn(7)] public float Column7 { get; set; }
    [LoadColumn(8)] public float Column8 { get; set; }
    [LoadColumn(9)] public float Column9 { get; set; }
    [LoadColumn(10)] public float Column10 { get; set; }
    [LoadColumn(11)] public float Column11 { get; set; }
    [LoadColumn(12)] public float Column12 { get; set; }
}

public sealed class HeartOutput
{
    [ColumnName("PredictedLabel")] public bool PredictedLabel { get; set; }
    [ColumnName("Probability")] public float Probability { get; set; }
    [ColumnName("Score")] public float Score { get; set; }
}

public sealed record HeartResponse(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("probability")] float Probability,
    [property: JsonPropertyName("score")] float Score);
