using System.Runtime.CompilerServices;

namespace MlOps.Engine.Data;

/// <summary>
/// Caps the rows one fit may use. Every source row gets a seeded random rank once; a capped sample is the
/// cap lowest-ranked rows of the requested set, in their original order. So samples are reproducible for a
/// seed, and the sample of a larger set (or under a larger cap) contains the sample of any smaller one: the rungs
/// of the row schedule (<see cref="RowSchedule"/>) and the memory cap (<see cref="MemoryBudget"/>) nest.
/// </summary>
internal sealed class RowSampler(int sourceRows, int? cap, int seed)
{
    private readonly Lazy<int[]> _rank = new(() => Ranks(sourceRows, seed));
    private readonly ConditionalWeakTable<int[], Dictionary<int, int[]>> _cache = [];

    /// <summary>A fixed cap on every sample (a replayed recipe's recorded row cap); null = none.</summary>
    public int? Cap { get; } = cap is int c ? Math.Max(1, c) : null;

    public int[] Sample(int[] rows) => Sample(rows, null);

    /// <summary>At most <paramref name="limit"/> rows (and at most <see cref="Cap"/>) of <paramref name="rows"/>.</summary>
    public int[] Sample(int[] rows, int? limit)
    {
        var effective = Math.Min(Cap ?? int.MaxValue, limit is int l ? Math.Max(1, l) : int.MaxValue);
        if (rows.Length <= effective) return rows;
        lock (_cache)
        {
            var byCap = _cache.GetOrCreateValue(rows);
            if (byCap.TryGetValue(effective, out var cached)) return cached;
            var rank = _rank.Value;
            var threshold = rows.Select(r => rank[r]).Order().ElementAt(effective - 1);
            return byCap[effective] = rows.Where(r => rank[r] <= threshold).ToArray();
        }
    }

    private static int[] Ranks(int sourceRows, int seed)
    {
        var order = Enumerable.Range(0, sourceRows).ToArray();
        new Random(seed).Shuffle(order);
        var rank = new int[sourceRows];
        for (var i = 0; i < order.Length; i++) rank[order[i]] = i;
        return rank;
    }
}
