namespace MlOps.Serving.Rollout;

/// <summary>The per-row scoring time of a model's last rows (a ring), for the p99 GET /rollout reports.</summary>
public sealed class LatencyWindow(int size = 1000)
{
    private readonly double[] _seconds = new double[size];
    private long _added;

    /// <summary>Adds <paramref name="rows"/> rows of <paramref name="perRow"/> seconds each (a batch is timed as a whole).</summary>
    public void Add(int rows, double perRow)
    {
        lock (_seconds)
            for (var i = 0; i < Math.Min(rows, _seconds.Length); i++) _seconds[_added++ % _seconds.Length] = perRow;
    }

    /// <summary>The 99th percentile (nearest rank) of the window; null before any row.</summary>
    public double? P99()
    {
        double[] window;
        lock (_seconds) window = _seconds[..(int)Math.Min(_added, _seconds.Length)];
        if (window.Length == 0) return null;
        Array.Sort(window);
        return window[Math.Max(0, (int)Math.Ceiling(0.99 * window.Length) - 1)];
    }
}
