using MlOps.Core.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>
/// Loads the files of one MlOps*Data item list as one table; several files must share their columns, in any order.
/// Capture files of the scoring service count as they are: read in their own fixed format, their `mlops_` columns
/// left out (<see cref="CaptureFiles"/>), so labeled captures append to the original training data.
/// </summary>
public static class DataFiles
{
    /// <summary>The merged table, and each file's own row count for the manifest.</summary>
    public sealed record Loaded(TabularData Table, IReadOnlyList<(string Path, int Rows)> Files);

    /// <param name="progress">Each file's load progress (see <see cref="CsvLoader.Load"/>).</param>
    public static Loaded? Load(IReadOnlyList<string> paths, CsvOptions csv, Action<LoadProgress>? progress = null)
    {
        if (paths.Count == 0) return null;
        var tables = paths.Select(p => CaptureFiles.WithoutServiceColumns(CsvLoader.Load(p, CaptureFiles.OptionsFor(p, csv), progress))).ToList();
        return new Loaded(Merge(tables), tables.Select((t, i) => (paths[i], t.RowCount)).ToList());
    }

    /// <summary>One table of several with the same columns (in the first one's order).</summary>
    /// <exception cref="MlOpsException">MLOPS2008 naming the file whose columns differ.</exception>
    public static TabularData Merge(IReadOnlyList<TabularData> tables)
    {
        var first = tables[0];
        if (tables.Count == 1) return first;
        foreach (var other in tables.Skip(1))
        {
            if (!other.ColumnNames.Order(StringComparer.Ordinal).SequenceEqual(first.ColumnNames.Order(StringComparer.Ordinal), StringComparer.Ordinal))
                throw new MlOpsException(ErrorCodes.TestDataColumnMissing,
                    $"This file's columns ({string.Join(", ", other.ColumnNames)}) differ from those of '{first.Path}' ({string.Join(", ", first.ColumnNames)}). Files of one item list must share their columns.",
                    other.Path);
        }
        var columns = first.ColumnNames.Select(name => DataColumn.From(tables.SelectMany(t => t.Column(name)))).ToArray();
        return new TabularData(string.Join(";", tables.Select(t => t.Path)), first.Separator, first.HasHeader, first.ColumnNames, columns)
        {
            Warnings = [.. tables.SelectMany(t => t.Warnings)],
        };
    }
}
