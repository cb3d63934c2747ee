using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Features;
using MlOps.Serving.Model;

namespace MlOps.Serving.Scoring;

/// <summary>
/// A DataViewRow over whichever <see cref="FeatureRow"/> is current: the input end of one worker's
/// row-to-row mapper. Its getters are made once; each prediction swaps the row and advances
/// <see cref="Position"/>, which is what tells ML.NET's transforms their cached values are stale.
/// </summary>
internal sealed class FeatureRowInput : DataViewRow
{
    private readonly FeatureLayout _layout;
    private readonly Delegate[] _getters;
    private long _position = -1;

    public FeatureRowInput(FeatureLayout layout)
    {
        _layout = layout;
        _getters = new Delegate[layout.Count];
        Current = new FeatureRow(layout.Count);
        for (var i = 0; i < layout.Count; i++)
        {
            var c = i;
            _getters[i] = layout.Columns[i].InputType == ModelInputType.Single
                ? (ValueGetter<float>)((ref float v) => v = Current.Numbers[c])
                : (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Current.Texts[c] ?? string.Empty).AsMemory());
        }
    }

    public FeatureRow Current { get; private set; }

    public void MoveTo(FeatureRow row)
    {
        Current = row;
        _position++;
    }

    public override DataViewSchema Schema => _layout.InputSchema;
    public override long Position => _position;
    public override long Batch => 0;
    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        _getters[column.Index] as ValueGetter<TValue>
        ?? throw new InvalidOperationException($"Column '{column.Name}' is not of type {typeof(TValue).Name}.");

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
}
