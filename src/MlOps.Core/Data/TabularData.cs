using MlOps.Core.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>
/// A delimited file loaded column-major; each cell reads back as its exact text, null for a missing value (an empty
/// cell). Columns are stored compactly (<see cref="DataColumn"/>). Typing is left to schema inference so the loader
/// never guesses twice.
/// </summary>
public sealed class TabularData
{
    public TabularData(string path, char separator, bool hasHeader, IReadOnlyList<string> columnNames, DataColumn[] columns)
    {
        Path = path;
        Separator = separator;
        HasHeader = hasHeader;
        ColumnNames = columnNames;
        Columns = columns;
    }

    /// <summary>A table of cells given as strings (columns[c][r]), stored compactly as loading stores them.</summary>
    public TabularData(string path, char separator, bool hasHeader, IReadOnlyList<string> columnNames, string?[][] columns)
        : this(path, separator, hasHeader, columnNames, Array.ConvertAll(columns, c => DataColumn.From(c)))
    {
    }

    public string Path { get; }
    public char Separator { get; }
    public bool HasHeader { get; }
    public IReadOnlyList<string> ColumnNames { get; }
    /// <summary>Columns[c][r]: the cell of column c in data row r.</summary>
    public DataColumn[] Columns { get; }
    public int RowCount => Columns.Length == 0 ? 0 : Columns[0].Count;
    /// <summary>LineNumbers[r]: the 1-based physical line where data row r starts, so errors can point at it. Null when not loaded from a file.</summary>
    public int[]? LineNumbers { get; init; }
    /// <summary>What loading noticed without failing (MLOPS2018), for the tool to print.</summary>
    public IReadOnlyList<MlOpsWarning> Warnings { get; init; } = [];

    public int IndexOf(string name)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
            if (string.Equals(ColumnNames[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    public DataColumn Column(string name) => IndexOf(name) is var i and >= 0
        ? Columns[i]
        : throw new KeyNotFoundException(name);
}
