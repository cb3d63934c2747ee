using MlOps.Core.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>Loads the files of one MlOps*Data item list as one table; several files must share their columns.</summary>
public static class DataFiles
{
    /// <summary>The merged table, and each file's own row count for the manifest.</summary>
    public sealed record Loaded(TabularData Table, IReadOnlyList<(string Path, int Rows)> Files);

    public static Loaded? Load(IReadOnlyList<string> paths, CsvOptions csv)
    {
        if (paths.Count == 0) return null;
        var tables = paths.Select(p => CsvLoader.Load(p, csv)).ToList();
        var files = tables.Select((t, i) => (paths[i], t.RowCount)).ToList();
        if (tables.Count == 1) return new Loaded(tables[0], files);

        var first = tables[0];
        foreach (var other in tables.Skip(1))
        {
            if (!other.ColumnNames.SequenceEqual(first.ColumnNames))
                throw new MlOpsException(ErrorCodes.TestDataColumnMissing,
                    $"This file's columns ({string.Join(", ", other.ColumnNames)}) differ from those of '{first.Path}' ({string.Join(", ", first.ColumnNames)}). Files of one item list must share their columns.",
                    other.Path);
        }
        var columns = Enumerable.Range(0, first.ColumnNames.Count)
            .Select(c => tables.SelectMany(t => t.Columns[c]).ToArray())
            .ToArray();
        return new Loaded(new TabularData(string.Join(";", paths), first.Separator, first.HasHeader, first.ColumnNames, columns), files);
    }
}
