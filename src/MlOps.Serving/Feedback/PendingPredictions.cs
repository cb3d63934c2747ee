using System.Collections.Concurrent;
using MlOps.Core.Features;
using MlOps.Core.Schema;
using MlOps.Serving.Capture;
using MlOps.Serving.Model;
using MlOps.Serving.Rollout;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Feedback;

/// <summary>
/// The most recent predictions (MlOps:FeedbackPending of them) for /feedback to join labels with: a ring of slots
/// allocated once, slot = the row's sequence number modulo the size, so a new prediction overwrites the one it pushes
/// out. A slot keeps only what a join needs: the predicted class (a shared string), the score, the time, who answered and
/// the other model's answer once its background scoring is done (<see cref="SetOther"/>), and with
/// capture on the inputs, copied into flat arrays (categories as the schema's own strings). So holding predictions
/// leaves no per-row object for the GC to promote: the memory is allocated once, at start. The service's ids name
/// their sequence number; client ids are looked up in a dictionary that loses an id when its slot is overwritten.
/// Slots are guarded by striped locks.
/// </summary>
public sealed class PendingPredictions
{
    private const int Stripes = 64;
    private readonly PredictionIds _ids;
    private readonly Slot[] _slots;
    private readonly object[] _locks = [.. Enumerable.Range(0, Stripes).Select(_ => new object())];
    private readonly ConcurrentDictionary<string, long> _clientIds = new(StringComparer.Ordinal);
    // With capture on: the inputs of slot s at [s * width, (s + 1) * width) (numbers by FeatureRow index, NaN for text columns).
    private readonly FeatureLayout? _layout;
    private readonly float[] _numbers = [];
    private readonly string?[] _texts = [], _others = [];
    private readonly int _othersWidth;
    private readonly Dictionary<string, string>?[] _categories = [];

    /// <param name="layout">The features, when capture is on (labeled files need the inputs); null when off.</param>
    /// <param name="others">How many non-feature columns capture keeps (<see cref="CaptureColumns.Others"/>).</param>
    public PendingPredictions(PredictionIds ids, int capacity, FeatureLayout? layout = null, int others = 0)
    {
        _ids = ids;
        _slots = new Slot[capacity];
        if (layout is null) return;
        _layout = layout;
        _numbers = new float[capacity * layout.Count];
        _texts = new string?[capacity * layout.Count];
        _othersWidth = others;
        _others = new string?[capacity * others];
        _categories = [.. layout.Features.Select(f => f.Kind == ColumnKind.Categorical && f.Categories is { } c
            ? c.Select(x => x.Value).Distinct(StringComparer.Ordinal).ToDictionary(v => v, StringComparer.Ordinal) : null)];
    }

    private struct Slot
    {
        public long Sequence; // 0: empty
        public string? ClientId;
        public string? Predicted;
        public float Score;
        public long TimeTicks;
        public bool HasInputs;
        public bool Labeled;
        public ModelRole Model;
        public bool HasOther;
        public string? OtherPredicted;
        public float OtherScore;
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
                TimeTicks = row.Time.Ticks, HasInputs = row.Row is not null && _layout is not null, Model = row.Model,
            };
            if (slot.HasInputs) StoreInputs(i, row);
        }
        if (evicted is not null) _clientIds.TryRemove(new KeyValuePair<string, long>(evicted, evictedSequence));
        if (clientId is not null) _clientIds[clientId] = sequence;
    }

    /// <summary>Finds the prediction and marks it labeled (once): the row as captured, for a labeled file and live quality.</summary>
    public Lookup TryLabel(string id, out CapturedRow? row)
    {
        row = null;
        string? clientId = null;
        if (!_ids.TryParse(id, out var sequence))
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
            var (inputs, others) = slot.HasInputs ? LoadInputs(i) : (null, null);
            row = new CapturedRow(id, slot.Predicted, slot.Score, inputs, others, new DateTime(slot.TimeTicks, DateTimeKind.Utc))
            {
                Model = slot.Model, Other = slot.HasOther ? (slot.OtherPredicted, slot.OtherScore) : null,
            };
            return Lookup.Found;
        }
    }

    /// <summary>The other model's answer to a held prediction, from the background worker. A prediction already labeled
    /// (its label came first) or pushed out keeps none: that label stays unpaired.</summary>
    public void SetOther(long sequence, string? predicted, float score)
    {
        var i = (int)(sequence % _slots.Length);
        lock (_locks[i % Stripes])
        {
            ref var slot = ref _slots[i];
            if (slot.Sequence != sequence || slot.Labeled) return;
            (slot.HasOther, slot.OtherPredicted, slot.OtherScore) = (true, predicted, score);
        }
    }

    private void StoreInputs(int slot, CapturedRow row)
    {
        var width = _layout!.Count;
        row.Row!.Numbers.CopyTo(_numbers, slot * width);
        for (var c = 0; c < width; c++)
        {
            var text = row.Row.Texts[c];
            // A known category is stored as the schema's string, so a held row keeps no string of its own alive.
            _texts[slot * width + c] = text is not null && _categories[c] is { } known && known.TryGetValue(text, out var shared) ? shared : text;
        }
        for (var o = 0; o < _othersWidth; o++) _others[slot * _othersWidth + o] = row.Others?[o];
    }

    private (FeatureRow, string?[]?) LoadInputs(int slot)
    {
        var width = _layout!.Count;
        var inputs = new FeatureRow(width);
        _numbers.AsSpan(slot * width, width).CopyTo(inputs.Numbers);
        _texts.AsSpan(slot * width, width).CopyTo(inputs.Texts);
        return (inputs, _othersWidth > 0 ? _others.AsSpan(slot * _othersWidth, _othersWidth).ToArray() : null);
    }
}
