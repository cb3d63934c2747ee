using System.Collections.Concurrent;
using MlOps.Serving.Capture;

namespace MlOps.Serving.Feedback;

/// <summary>
/// The most recent predictions (MlOps:FeedbackPending of them), by id, for /feedback to join labels with. Adding is a
/// concurrent-dictionary insert and one slot of a ring: the prediction a new one pushes out of the ring leaves the
/// dictionary too, so memory stays bounded by the setting. A client id used twice points at its latest prediction.
/// </summary>
public sealed class PendingPredictions(int capacity)
{
    private readonly ConcurrentDictionary<string, CapturedRow> _byId = new(StringComparer.Ordinal);
    private readonly CapturedRow?[] _ring = new CapturedRow?[capacity];
    private long _added;

    public int Count => _byId.Count;

    public void Add(CapturedRow row)
    {
        _byId[row.Id] = row;
        var slot = (int)((Interlocked.Increment(ref _added) - 1) % _ring.Length);
        // Removes the old entry only if its id still points at it (not at a newer prediction under the same id).
        if (Interlocked.Exchange(ref _ring[slot], row) is { } old) _byId.TryRemove(new KeyValuePair<string, CapturedRow>(old.Id, old));
    }

    public CapturedRow? Find(string id) => _byId.GetValueOrDefault(id);
}
