namespace MlOps.Core.Data;

/// <summary>A column of many distinct non-numeric values (free text, IDs): one string per row.</summary>
internal sealed class StringColumn(string?[] cells) : DataColumn
{
    public override int Count => cells.Length;

    public override string? this[int row] => cells[row];
}
