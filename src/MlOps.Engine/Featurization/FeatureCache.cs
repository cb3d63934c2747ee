namespace MlOps.Engine.Featurization;

/// <summary>
/// Featurized rows shared by the trials of a search: one entry per split (its rows) and featurizer setting
/// (<see cref="PipelineFactory.FeaturizerKey"/>), reused by every trainer and hyperparameter that shares them. Bounded:
/// beyond <paramref name="byteBudget"/> the least recently used entries go (the one just made always stays).
/// An entry is made once even when folds ask for it side by side; one whose making failed (e.g. its trial was
/// stopped) is dropped, and a caller that did not start it makes it again.
/// </summary>
internal sealed class FeatureCache(long byteBudget)
{
    private sealed class Entry(Lazy<FeaturizedRows> rows)
    {
        public Lazy<FeaturizedRows> Rows { get; } = rows;
        public long LastUse { get; set; }
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;

    public int Hits { get; private set; }
    public int Misses { get; private set; }
    public int Count { get { lock (_entries) return _entries.Count; } }
    public long Bytes { get { lock (_entries) return _entries.Values.Where(e => e.Rows.IsValueCreated).Sum(e => e.Rows.Value.Bytes); } }

    public FeaturizedRows GetOrAdd(string key, Func<FeaturizedRows> create)
    {
        while (true)
        {
            Entry entry;
            bool mine;
            lock (_entries)
            {
                mine = !_entries.TryGetValue(key, out entry!);
                if (mine) _entries[key] = entry = new Entry(new Lazy<FeaturizedRows>(create, LazyThreadSafetyMode.ExecutionAndPublication));
                if (mine) Misses++; else Hits++;
                entry.LastUse = ++_clock;
            }
            try
            {
                var rows = entry.Rows.Value;
                if (mine) Evict(key);
                return rows;
            }
            catch (Exception)
            {
                Forget(key, entry);
                // The caller that started the entry fails with it; a waiting caller makes it again (the loop).
                if (mine) throw;
            }
        }
    }

    private void Forget(string key, Entry entry)
    {
        lock (_entries)
            if (_entries.TryGetValue(key, out var current) && current == entry) _entries.Remove(key);
    }

    private void Evict(string keep)
    {
        lock (_entries)
        {
            var made = _entries.Where(e => e.Value.Rows.IsValueCreated).ToList();
            var total = made.Sum(e => e.Value.Rows.Value.Bytes);
            foreach (var (key, entry) in made.OrderBy(e => e.Value.LastUse))
            {
                if (total <= byteBudget) break;
                if (key == keep) continue;
                _entries.Remove(key);
                total -= entry.Rows.Value.Bytes;
            }
        }
    }
}
