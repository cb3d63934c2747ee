namespace MlOps.Core.Data;

/// <summary>
/// A delimited file loaded column-major as raw strings; null is a missing value (an empty cell).
/// Typing is left to schema inference so the loader never guesses twice.
/// </summary>
public sealed class TabularData(string path, char separator, bool hasHeader, IReadOnlyList<string> columnNames, string?[][] columns)
{
    public string Path { get; } = path;
    public char Separator { get; } = separator;
    public bool HasHeader { get; } = hasHeader;
    public IReadOnlyList<string> ColumnNames { get; } = columnNames;
    /// <summary>columns[c][r]: the cell of column c in data row r.</summary>
    public string?[][] Columns { get; } = columns;
    public int RowCount => Columns.Length == 0 ? 0 : Columns[0].Length;
    /// <summary>LineNumbers[r]: the 1-based physical line where data row r starts, so errors can point at it. Null when not loaded from a file.</summary>
    public int[]? LineNumbers { get; init; }
    /// <summary>What loading noticed without failing (MLOPS2018), for the tool to print.</summary>
    public IReadOnlyList<DataWarning> Warnings { get; init; } = [];

    public int IndexOf(string name)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
            if (string.Equals(ColumnNames[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    public string?[] Column(string name) => IndexOf(name) is var i and >= 0
        ? Columns[i]
        : throw new KeyNotFoundException(name);
}
