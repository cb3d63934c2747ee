using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Serving.Feedback;

/// <summary>
/// The last MlOps:FeedbackWindow labeled predictions (true label, what the model answered) and the task's metrics over
/// them by <see cref="LabeledMetrics"/>, the code the production checks use on labeled files. /feedback adds a row
/// under a short lock; the metrics are computed only when Prometheus scrapes.
/// </summary>
public sealed class LiveQuality(DataSchema schema, int window)
{
    private readonly (string Actual, string? Predicted, float Score)[] _rows = new (string, string?, float)[window];
    private long _added;

    /// <param name="predicted">The predicted class as the pending set kept it (null for regression).</param>
    /// <param name="score">mlops_score: the probability or the value.</param>
    public void Add(string actual, string? predicted, float score)
    {
        lock (_rows) _rows[_added++ % _rows.Length] = (actual, predicted, score);
    }

    /// <summary>The rows in the window and their metrics (named as in metrics.json); no metrics while there are none.</summary>
    public (int Rows, IReadOnlyDictionary<string, double> Metrics) Compute()
    {
        (string Actual, string? Predicted, float Score)[] rows;
        lock (_rows) rows = _rows[..(int)Math.Min(_added, _rows.Length)];
        if (rows.Length == 0) return (0, new Dictionary<string, double>());
        var metrics = LabeledMetrics.For(schema, rows.Select(r => (r.Actual, r.Predicted, (double)r.Score)));
        return (rows.Length, metrics);
    }
}
