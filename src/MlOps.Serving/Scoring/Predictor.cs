using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Serving.Model;

namespace MlOps.Serving.Scoring;

/// <summary>
/// The loaded model behind a pool of <see cref="ScoringWorker"/>s. Requests rent a worker for the synchronous
/// scoring call only, so a few workers (about one per core) serve any number of concurrent requests.
/// Ready only after the model is loaded and one warm-up prediction has gone through a worker (JIT, lazy init).
/// </summary>
public sealed class Predictor(FeatureLayout layout)
{
    private ObjectPool<ScoringWorker>? _pool;
    private volatile bool _ready;

    public FeatureLayout Layout { get; } = layout;
    public bool IsReady => _ready;
    /// <summary>Seconds from the start of <see cref="Load"/> to the end of the warm-up prediction.</summary>
    public double LoadSeconds { get; private set; }

    public void Load(string modelPath)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ITransformer model;
        try { model = new MLContext(seed: 0).Model.Load(modelPath, out _); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new MlOpsException(ErrorCodes.ServingModelUnreadable, $"model.zip cannot be loaded: {e.Message} Rebuild the model project.", modelPath);
        }
        var pool = new DefaultObjectPool<ScoringWorker>(new WorkerPolicy(model, Layout), Environment.ProcessorCount * 2);
        // Build one worker per core up front so the first concurrent requests do not pay for binding the model.
        var workers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => pool.Get()).ToList();
        workers[0].Predict(WarmUpRow());
        workers.ForEach(pool.Return);
        _pool = pool;
        LoadSeconds = clock.Elapsed.TotalSeconds;
        _ready = true;
    }

    /// <summary>Scores rows on one rented worker (a batch pays the pool round trip once).</summary>
    public Prediction[] PredictAll(IReadOnlyList<FeatureRow> rows)
    {
        var pool = _pool ?? throw new InvalidOperationException("The model is not loaded yet.");
        var worker = pool.Get();
        try { return [.. rows.Select(worker.Predict)]; }
        finally { pool.Return(worker); }
    }

    /// <summary>A typical input: numeric means and most frequent categories, so warm-up runs the real code paths.</summary>
    private FeatureRow WarmUpRow()
    {
        var row = new FeatureRow(Layout.Count);
        for (var i = 0; i < Layout.Count; i++)
        {
            var f = Layout.Features[i];
            if (f.Kind == ColumnKind.Numeric && f.Mean is { } mean) row.Numbers[i] = (float)mean;
            else if (f.Kind == ColumnKind.Categorical && f.Categories is [var first, ..]) row.Texts[i] = first.Value;
        }
        return row;
    }

    private sealed class WorkerPolicy(ITransformer model, FeatureLayout layout) : PooledObjectPolicy<ScoringWorker>
    {
        public override ScoringWorker Create() => new(model, layout);
        public override bool Return(ScoringWorker obj) => true;
    }
}
