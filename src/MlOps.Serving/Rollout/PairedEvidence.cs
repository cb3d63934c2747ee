using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Serving.Rollout;

/// <summary>
/// The labeled rows both models scored (the last MLOPS_FEEDBACK_WINDOW of them, like live quality) and their paired
/// comparison by Core's <see cref="PairedComparison"/> on <see cref="Metric"/>. The bootstrap runs only when asked (a
/// scrape, GET /rollout) and only when rows arrived since the last run at that confidence: the result is cached.
/// </summary>
public sealed class PairedEvidence(DataSchema schema, string optimizingMetric, int window)
{
    private readonly PairedRow[] _rows = new PairedRow[window];
    private long _added;
    private (long Added, double Confidence, PairedResult? Result)? _cached;

    public string Metric { get; } = PairedComparison.MetricFor(schema, optimizingMetric);
    public int Rows { get { lock (_rows) return (int)Math.Min(_added, _rows.Length); } }

    public void Add(PairedRow row)
    {
        lock (_rows) _rows[_added++ % _rows.Length] = row;
    }

    /// <summary>The comparison at <paramref name="confidence"/>; null until the rows give the metric a value.</summary>
    public PairedResult? Compare(double confidence)
    {
        PairedRow[] rows;
        long added;
        lock (_rows)
        {
            if (_cached is { } c && c.Added == _added && c.Confidence == confidence) return c.Result;
            added = _added;
            rows = _rows[..(int)Math.Min(_added, _rows.Length)];
        }
        var result = PairedComparison.Compare(schema, Metric, rows, confidence);
        lock (_rows) _cached = (added, confidence, result);
        return result;
    }
}
