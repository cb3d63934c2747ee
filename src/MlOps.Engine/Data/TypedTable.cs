using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Engine.Data;

/// <summary>
/// The training (or test) data parsed once into typed columns in schema order: the features the
/// schema keeps, then the label. Values go through <see cref="ValueParsing"/> so parsing agrees with inference.
/// </summary>
internal sealed class TypedTable
{
    private TypedTable(IReadOnlyList<TableColumn> columns, int[] rows, int[]? classes)
    {
        Columns = columns;
        Rows = rows;
        ClassOfRow = classes;
    }

    public IReadOnlyList<TableColumn> Columns { get; }
    /// <summary>Source rows usable here: those with a label when the label is included, else all rows.</summary>
    public int[] Rows { get; }
    /// <summary>Classification: class index of each source row (-1 = missing label); null for regression or no label.</summary>
    public int[]? ClassOfRow { get; }

    public ColumnarDataView View() => new(Columns, Rows);
    public ColumnarDataView View(int[] rows) => new(Columns, rows);

    public TableColumn Find(string name) => Columns.First(c => c.Name == name);

    public static TypedTable Build(TabularData data, DataSchema schema, bool includeLabel)
    {
        var columns = new List<TableColumn>();
        foreach (var column in schema.Features)
            columns.Add(Feature(column, Cells(data, column.Name)));
        if (!includeLabel) return new TypedTable(columns, Enumerable.Range(0, data.RowCount).ToArray(), null);

        var labelCells = Cells(data, schema.Label);
        var (label, classes) = LabelEncoding.Encode(schema, labelCells);
        columns.Add(label);
        var rows = Enumerable.Range(0, data.RowCount).Where(r => LabelEncoding.IsPresent(label, classes, r)).ToArray();
        return new TypedTable(columns, rows, classes);
    }

    private static string?[] Cells(TabularData data, string name)
    {
        var index = data.IndexOf(name);
        if (index < 0)
            throw new MlOpsException(ErrorCodes.TestDataColumnMissing,
                $"The data has no column '{name}', which the model needs (it was in the training data). Columns are: {string.Join(", ", data.ColumnNames.Select(n => $"'{n}'"))}.",
                data.Path);
        return data.Columns[index];
    }

    private static TableColumn Feature(ColumnSchema column, string?[] cells) => column.Kind switch
    {
        ColumnKind.Numeric => new SingleColumn(column.Name, ParseNumbers(cells)),
        ColumnKind.Boolean => new SingleColumn(column.Name, ParseBooleans(cells)),
        _ => new TextColumn(column.Name, cells),
    };

    internal static float[] ParseNumbers(string?[] cells)
    {
        var values = new float[cells.Length];
        for (var r = 0; r < cells.Length; r++)
            values[r] = cells[r] is { } s && ValueParsing.TryParseNumber(s, out var v) ? (float)v : float.NaN;
        return values;
    }

    /// <summary>Booleans become 1/0 so they join the numeric features; anything else (missing) is NaN.</summary>
    private static float[] ParseBooleans(string?[] cells)
    {
        var values = new float[cells.Length];
        for (var r = 0; r < cells.Length; r++)
            values[r] = cells[r] is { } s && ValueParsing.TryParseBoolean(s, out var b) ? (b ? 1f : 0f)
                : cells[r] is { } n && ValueParsing.TryParseNumber(n, out var d) && (d == 0 || d == 1) ? (float)d
                : float.NaN;
        return values;
    }
}
