using System.Globalization;
using MlOps.Core.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>
/// The records whose quoted fields span lines: each is read as one record, yet a stray quote merges rows exactly
/// this way, so loading warns (MLOPS2018) with the lines, and rows loaded plus merged lines always account for the file.
/// </summary>
public sealed class MultiLineRecords
{
    /// <summary>How many spans the warning lists before "and N more".</summary>
    public const int Listed = 5;

    private readonly List<(int First, int Last)> _first = [];

    public int Count { get; private set; }

    /// <summary>The first <see cref="Listed"/> spans, as (first line, last line).</summary>
    public IReadOnlyList<(int First, int Last)> First => _first;

    internal void Add(int first, int last)
    {
        Count++;
        if (_first.Count < Listed) _first.Add((first, last));
    }

    /// <summary>The MLOPS2018 warning for <paramref name="path"/>, pointing at the first span; null when there is none.</summary>
    public MlOpsWarning? Warning(string path)
    {
        if (Count == 0) return null;
        var lines = string.Join(", ", _first.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.First}-{s.Last}")));
        var more = Count > _first.Count ? $" and {Count - _first.Count} more" : "";
        var records = Count == 1 ? "1 record holds a quoted field that spans lines" : $"{Count} records hold quoted fields that span lines";
        return new MlOpsWarning(ErrorCodes.MultiLineField,
            $"{records} (lines {lines}{more}); each is read as one row. If those quotes are text rather than field quotes, set MlOpsQuoting=none.",
            path, _first[0].First);
    }
}
