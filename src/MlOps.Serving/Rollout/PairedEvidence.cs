using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Serving.Rollout;

/// <summary>
/// The labeled rows both models scored (the last MLOPS_FEEDBACK_WINDOW of them, like live quality) and their paired
/// comparison by Core's <see cref="PairedComparison"/> on <see cref="Metric"/>. The bootstrap runs only when asked (a
/// scrape, GET /rollout) and only when rows arrived since the last run at that confidence: results are cached per
/// confidence (a few: the setting's and those GET /rollout asked for) until the next paired row.
/// </summary>
public sealed class PairedEvidence(DataSchema schema, string optimizingMetric, int window)
{
    private readonly PairedRow[] _rows = new PairedRow[window];
    private const int MaxCached = 4;
    private readonly Dictionary<double, PairedResult?> _cached = [];
    private long _added, _cachedAt;

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
            if (_cachedAt != _added || _cached.Count >= MaxCached)
            {
                _cached.Clear();
                _cachedAt = _added;
            }
            if (_cached.TryGetValue(confidence, out var cached)) return cached;
            added = _added;
            rows = _rows[..(int)Math.Min(_added, _rows.Length)];
        }
        var result = PairedComparison.Compare(schema, Metric, rows, confidence);
        lock (_rows)
            if (_cachedAt == added) _cached[confidence] = result;
        return result;
    }
}
