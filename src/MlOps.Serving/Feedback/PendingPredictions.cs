using System.Collections.Concurrent;
using MlOps.Serving.Capture;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Feedback;

/// <summary>
/// The most recent predictions (MlOps:FeedbackPending of them) for /feedback to join labels with: a ring of slots
/// allocated once, slot = the row's sequence number modulo the size, so a new prediction overwrites the one it pushes
/// out. A slot keeps only what a join needs (the predicted class, a shared string, the score and the time; with
/// capture on the inputs too): with the service's ids and capture off, holding predictions allocates nothing and
/// leaves no per-row object for the GC to promote. The service's ids name their sequence number; client ids are
/// looked up in a dictionary that loses an id when its slot is overwritten. Slots are guarded by striped locks.
/// </summary>
public sealed class PendingPredictions(PredictionIds ids, int capacity)
{
    private const int Stripes = 64;
    private readonly Slot[] _slots = new Slot[capacity];
    private readonly object[] _locks = [.. Enumerable.Range(0, Stripes).Select(_ => new object())];
    private readonly ConcurrentDictionary<string, long> _clientIds = new(StringComparer.Ordinal);

    private struct Slot
    {
        public long Sequence; // 0: empty
        public string? ClientId;
        public string? Predicted;
        public float Score;
        public long TimeTicks;
        public FeatureRow? Row;
        public string?[]? Others;
        public bool Labeled;
    }

    /// <summary>What a label's id finds.</summary>
    public enum Lookup { Found, AlreadyLabeled, Late, Unknown }

    /// <param name="clientId">The client's id, or null when the row carries the service's (made from <paramref name="sequence"/>).</param>
    public void Add(long sequence, string? clientId, CapturedRow row)
    {
        var i = (int)(sequence % _slots.Length);
        string? evicted = null;
        long evictedSequence = 0;
        lock (_locks[i % Stripes])
        {
            ref var slot = ref _slots[i];
            if (slot.Sequence > sequence) return; // a newer prediction got here first: this one counts as pushed out
            (evicted, evictedSequence) = (slot.ClientId, slot.Sequence);
            slot = new Slot
            {
                Sequence = sequence, ClientId = clientId, Predicted = row.Predicted, Score = row.Score,
                TimeTicks = row.Time.Ticks, Row = row.Row, Others = row.Others,
            };
        }
        if (evicted is not null) _clientIds.TryRemove(new KeyValuePair<string, long>(evicted, evictedSequence));
        if (clientId is not null) _clientIds[clientId] = sequence;
    }

    /// <summary>Finds the prediction and marks it labeled (once): the row as captured, for a labeled file and live quality.</summary>
    public Lookup TryLabel(string id, out CapturedRow? row)
    {
        row = null;
        string? clientId = null;
        if (!ids.TryParse(id, out var sequence))
        {
            if (!_clientIds.TryGetValue(id, out sequence)) return Lookup.Unknown;
            clientId = id;
        }
        var i = (int)(sequence % _slots.Length);
        lock (_locks[i % Stripes])
        {
            ref var slot = ref _slots[i];
            if (slot.Sequence != sequence || slot.ClientId != clientId)
                return clientId is null ? Lookup.Late : Lookup.Unknown; // client ids leave no trace once pushed out
            if (slot.Labeled) return Lookup.AlreadyLabeled;
            slot.Labeled = true;
            row = new CapturedRow(id, slot.Predicted, slot.Score, slot.Row, slot.Others, new DateTime(slot.TimeTicks, DateTimeKind.Utc));
            return Lookup.Found;
        }
    }
}
