using MlOps.Core.Drift;
using MlOps.Core.Features;
using MlOps.Core.Schema;
using MlOps.Serving.Model;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Monitoring;

/// <summary>
/// Rolling input drift: the last N scored rows per feature in a ring buffer (a lock-free slot write per request),
/// and the PSI of that window against schema.json's training distribution computed only when Prometheus scrapes, and
/// only once the window holds MLOPS_DRIFT_MIN_ROWS rows (a PSI of a handful of rows is noise that would page someone).
/// Unknown categories are recorded as sent: PSI pools them into one bin the training data had none of.
/// Concurrent writers may overwrite each other's slot once the ring wraps; for a drift gauge that is fine.
/// </summary>
public sealed class DriftMonitor
{
    private readonly FeatureLayout _layout;
    private readonly int[] _tracked; // feature indices with a training distribution to compare with
    private readonly float[][] _numbers;
    private readonly string?[][] _texts;
    private readonly IReadOnlyDictionary<string, int>?[] _trainingCounts;
    private long _written;

    public DriftMonitor(FeatureLayout layout, int window, int minRows)
    {
        _layout = layout;
        Window = window;
        MinRows = minRows;
        _tracked = [.. Enumerable.Range(0, layout.Count).Where(i => layout.Features[i] switch
        {
            { Kind: ColumnKind.Numeric, Quantiles.Length: > 0 } => true,
            { Kind: ColumnKind.Categorical or ColumnKind.Boolean, Categories.Count: > 0 } => true,
            _ => false,
        })];
        _numbers = new float[layout.Count][];
        _texts = new string?[layout.Count][];
        _trainingCounts = new IReadOnlyDictionary<string, int>?[layout.Count];
        foreach (var i in _tracked)
        {
            if (layout.Columns[i].InputType == ModelInputType.Single) _numbers[i] = new float[window];
            else _texts[i] = new string?[window];
            if (layout.Features[i].Categories is { } categories)
                _trainingCounts[i] = categories.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
        }
    }

    public int Window { get; }
    public int MinRows { get; }
    /// <summary>Rows in the window now: all recorded rows until it is full.</summary>
    public int Rows => (int)Math.Min(Interlocked.Read(ref _written), Window);
    public IEnumerable<string> Features => _tracked.Select(i => _layout.Features[i].Name);

    public void Record(FeatureRow row)
    {
        if (_tracked.Length == 0) return;
        var slot = (int)((Interlocked.Increment(ref _written) - 1) % Window);
        foreach (var i in _tracked)
        {
            if (_numbers[i] is { } numbers) numbers[slot] = row.Numbers[i];
            else _texts[i]![slot] = row.Texts[i];
        }
    }

    /// <summary>Each tracked feature's PSI over the window; nothing before the window holds <see cref="MinRows"/> rows, and
    /// features with no non-missing value in it are left out.</summary>
    public IEnumerable<(string Feature, double Psi)> Compute()
    {
        var filled = Rows;
        if (filled < MinRows) yield break;
        foreach (var i in _tracked)
        {
            var feature = _layout.Features[i];
            double[] expected, actual;
            if (feature.Kind == ColumnKind.Numeric)
            {
                var values = _numbers[i].AsSpan(0, filled).ToArray().Where(float.IsFinite).Select(v => (double)v).ToArray();
                if (values.Length == 0) continue;
                (expected, actual) = PopulationStability.NumericShares(feature.Quantiles!, values, DriftAnalysis.BinsFor(values.Length));
            }
            else
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var s = 0; s < filled; s++)
                    if (Value(i, s) is { } v) counts[v] = counts.GetValueOrDefault(v) + 1;
                if (counts.Count == 0) continue;
                (expected, actual) = PopulationStability.CategoryShares(_trainingCounts[i]!, counts);
            }
            yield return (feature.Name, PopulationStability.Index(expected, actual));
        }
    }

    // Booleans are stored as 1/0 (the model's input) and compared as schema.json's "true"/"false".
    private string? Value(int feature, int slot) => _numbers[feature] is { } n
        ? float.IsNaN(n[slot]) ? null : n[slot] == 1f ? "true" : "false"
        : _texts[feature]![slot];
}
