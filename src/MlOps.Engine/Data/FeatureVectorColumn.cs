using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Engine.Data;

/// <summary>
/// Featurized rows held in memory as compressed sparse rows (only non-zero slots: text vectors are mostly zeros),
/// indexed by source row like the other <see cref="TableColumn"/>s, so a <see cref="ColumnarDataView"/> over the label
/// and this column serves any subset of the rows it holds. Annotations (slot names, normalization) are the featurizer's.
/// </summary>
internal sealed class FeatureVectorColumn : TableColumn
{
    private readonly DataViewSchema.Annotations _annotations;
    private readonly int _length;
    /// <summary>Source row -> position among the rows held (-1 = not held).</summary>
    private readonly int[] _positionOf;
    /// <summary>Position -> its first entry in _indices/_values; one more entry marks the end.</summary>
    private readonly int[] _start;
    private readonly int[] _indices;
    private readonly float[] _values;

    private FeatureVectorColumn(DataViewSchema.Column column, int[] positionOf, int[] start, int[] indices, float[] values)
        : base(column.Name, column.Type)
    {
        _annotations = column.Annotations;
        _length = ((VectorDataViewType)column.Type).Size;
        (_positionOf, _start, _indices, _values) = (positionOf, start, indices, values);
    }

    /// <summary>Memory held, in bytes.</summary>
    public long Bytes => 4L * (_positionOf.Length + _start.Length + _indices.Length) + 4L * _values.Length;

    /// <summary>
    /// Reads the vector column <paramref name="name"/> of <paramref name="featurized"/>, whose rows are
    /// <paramref name="rows"/> in order (a row-wise transform of a view over them), out of <paramref name="sourceRows"/> source rows.
    /// </summary>
    public static FeatureVectorColumn Read(IDataView featurized, string name, int[] rows, int sourceRows)
    {
        var column = featurized.Schema[name];
        var positionOf = new int[sourceRows];
        Array.Fill(positionOf, -1);
        var start = new int[rows.Length + 1];
        List<int> indices = new(rows.Length * 16);
        List<float> values = new(rows.Length * 16);
        using var cursor = featurized.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var vector = default(VBuffer<float>);
        var position = 0;
        while (cursor.MoveNext())
        {
            getter(ref vector);
            positionOf[rows[position]] = position;
            var slots = vector.GetValues();
            var slotIndices = vector.GetIndices();
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] == 0) continue;
                indices.Add(vector.IsDense ? i : slotIndices[i]);
                values.Add(slots[i]);
            }
            start[++position] = values.Count;
        }
        if (position != rows.Length) throw new InvalidOperationException($"The featurized view has {position} rows, expected {rows.Length}.");
        return new FeatureVectorColumn(column, positionOf, start, indices.ToArray(), values.ToArray());
    }

    public override void AddAnnotations(DataViewSchema.Annotations.Builder builder) => builder.Add(_annotations, _ => true);

    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
    {
        var position = _positionOf[row()];
        var from = _start[position];
        var count = _start[position + 1] - from;
        var editor = VBufferEditor.Create(ref dst, _length, count);
        _values.AsSpan(from, count).CopyTo(editor.Values);
        if (count < _length) _indices.AsSpan(from, count).CopyTo(editor.Indices);
        dst = editor.Commit();
    });
}
