using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Features;
using MlOps.Core.Schema;

namespace MlOps.Engine.Data;

/// <summary>
/// The training (or test) data parsed once into typed columns in schema order: the features the
/// schema keeps, then the label. Feature cells become model inputs by the feature contract (<see cref="FeatureRule"/>),
/// as a scoring request's values do: an invalid cell, which serving would refuse, is trained on as missing.
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
    /// <summary>The feature columns only (the label, when included, is the last column): what a scoring caller supplies.</summary>
    public ColumnarDataView FeatureView(string label) => new(Columns.Where(c => c.Name != label).ToList(), Rows);

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

    private static DataColumn Cells(TabularData data, string name)
    {
        var index = data.IndexOf(name);
        if (index < 0)
            throw new MlOpsException(ErrorCodes.TestDataColumnMissing,
                $"The data has no column '{name}', which the model needs (it was in the training data). Columns are: {string.Join(", ", data.ColumnNames.Select(n => $"'{n}'"))}.",
                data.Path);
        return data.Columns[index];
    }

    private static TableColumn Feature(ColumnSchema column, DataColumn cells)
    {
        var rule = FeatureRule.For(column.Kind);
        return rule.InputType == ModelInputType.Single
            ? new SingleColumn(column.Name, Numbers(rule, cells))
            : new TextColumn(column.Name, cells.Map(cell => rule.FromText(cell).Text));
    }

    /// <summary>The rule's model inputs; the numeric rule's come from the column's own numbers (no string per cell).</summary>
    internal static float[] Numbers(FeatureRule rule, DataColumn cells) =>
        rule == FeatureRule.Numeric ? cells.Numbers() : cells.Map(cell => rule.FromText(cell).Number);
}
