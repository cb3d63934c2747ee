using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Engine.Data;

/// <summary>
/// A read-only IDataView over typed columns and a subset of their rows. Folds and holdouts are just
/// different row arrays over the same columns, so no trial copies the data.
/// </summary>
internal sealed class ColumnarDataView : IDataView
{
    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly int[] _rows;

    public ColumnarDataView(IReadOnlyList<TableColumn> columns, int[] rows)
    {
        _columns = columns;
        _rows = rows;
        var builder = new DataViewSchema.Builder();
        foreach (var column in columns)
        {
            var annotations = new DataViewSchema.Annotations.Builder();
            column.AddAnnotations(annotations);
            builder.AddColumn(column.Name, column.Type, annotations.ToAnnotations());
        }
        Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }
    public bool CanShuffle => true;
    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var order = _rows;
        if (rand is not null)
        {
            // Shuffled on request with the caller's (seeded) Random, so shuffling trainers stay deterministic.
            order = (int[])_rows.Clone();
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = rand.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        var active = new bool[_columns.Count];
        foreach (var column in columnsNeeded) active[column.Index] = true;
        return new Cursor(this, order, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ColumnarDataView _view;
        private readonly int[] _order;
        private readonly bool[] _active;
        private readonly Delegate?[] _getters;
        private long _position = -1;

        public Cursor(ColumnarDataView view, int[] order, bool[] active)
        {
            _view = view;
            _order = order;
            _active = active;
            _getters = new Delegate?[active.Length];
            for (var c = 0; c < active.Length; c++)
                if (active[c]) _getters[c] = view._columns[c].MakeGetter(CurrentRow);
        }

        private int CurrentRow() => _order[_position];

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= _order.Length) { _position = _order.Length; return false; }
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_order[_position], 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            _getters[column.Index] as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is inactive or not of type {typeof(TValue).Name}.");
    }
}
