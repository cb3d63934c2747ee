using System.Runtime.CompilerServices;

namespace MlOps.Engine.Data;

/// <summary>
/// Caps the rows one fit may use. Every source row gets a seeded random rank once; a capped sample is the
/// <see cref="Cap"/> lowest-ranked rows of the requested set, in their original order. So samples are
/// reproducible for a seed, and the sample of a larger set contains the sample of any smaller one.
/// </summary>
internal sealed class RowSampler
{
    private readonly int[] _rank;
    private readonly ConditionalWeakTable<int[], int[]> _cache = [];

    public RowSampler(int sourceRows, int? cap, int seed)
    {
        Cap = cap is int c ? Math.Max(1, c) : null;
        _rank = new int[sourceRows];
        if (Cap is null) return;
        var order = Enumerable.Range(0, sourceRows).ToArray();
        new Random(seed).Shuffle(order);
        for (var i = 0; i < order.Length; i++) _rank[order[i]] = i;
    }

    public int? Cap { get; }

    public int[] Sample(int[] rows)
    {
        if (Cap is not int cap || rows.Length <= cap) return rows;
        lock (_cache)
        {
            if (_cache.TryGetValue(rows, out var cached)) return cached;
            var threshold = rows.Select(r => _rank[r]).Order().ElementAt(cap - 1);
            var sample = rows.Where(r => _rank[r] <= threshold).ToArray();
            _cache.Add(rows, sample);
            return sample;
        }
    }

    /// <summary>
    /// Rows that fit a soft memory ceiling: what is left after the process's fixed share (runtime, ML.NET,
    /// the loaded data), divided by a per-row estimate of the working set of one fit (featurized copy, the
    /// trainer's binned copy, scores), times the fits that run at once. Never below 1,000 rows.
    /// </summary>
    public static int? CapFor(int? maxMemoryMB, int featureSlots, int concurrentFits, long loadedBytes)
    {
        if (maxMemoryMB is not int mb) return null;
        const long fixedBytes = 120L << 20;
        var perRow = 256L + 24L * Math.Max(1, featureSlots);
        var available = ((long)mb << 20) - fixedBytes - loadedBytes;
        return (int)Math.Clamp(available / (perRow * Math.Max(1, concurrentFits)), 1_000, int.MaxValue);
    }
}
