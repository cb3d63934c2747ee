using System.Collections;
using MlOps.Core.Features;

namespace MlOps.Core.Data;

/// <summary>
/// One column of a loaded table: every cell is its exact text (null = missing), whatever the storage. Loading picks
/// the compact form while it streams (<see cref="ColumnBuilder"/>): few distinct values as codes into one string each
/// (<see cref="CategoryColumn"/>), numbers as float32 with the few cells whose text the float does not reproduce kept
/// as text (<see cref="NumberColumn"/>), plain strings otherwise (<see cref="StringColumn"/>). Readers that only need
/// numbers or per-value results use <see cref="Numbers"/>, <see cref="Map{T}"/> and <see cref="CountValues"/>, which
/// make no string per cell for the compact forms.
/// </summary>
public abstract class DataColumn : IReadOnlyList<string?>
{
    public abstract int Count { get; }

    /// <summary>The cell's exact text, null when it is missing.</summary>
    public abstract string? this[int row] { get; }

    /// <summary>Each row's numeric model input, exactly <c>FeatureRule.Numeric.FromText(this[r]).Number</c> (NaN = missing or invalid).</summary>
    public virtual float[] Numbers() => Map(static cell => cell is null ? float.NaN : NumericRule.Number(cell));

    /// <summary><paramref name="f"/> of every row's cell; compact forms call it once per distinct value.</summary>
    public virtual T[] Map<T>(Func<string?, T> f)
    {
        var result = new T[Count];
        for (var r = 0; r < result.Length; r++) result[r] = f(this[r]);
        return result;
    }

    /// <summary>Each distinct present value with its row count, and how many cells are missing.</summary>
    public virtual Dictionary<string, int> CountValues(out int missing)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        missing = 0;
        for (var r = 0; r < Count; r++)
        {
            if (this[r] is not { } cell) missing++;
            else counts[cell] = counts.GetValueOrDefault(cell) + 1;
        }
        return counts;
    }

    /// <summary>The cells of rows start .. start+length-1 (so <c>column[..n]</c> works).</summary>
    public string?[] Slice(int start, int length)
    {
        var cells = new string?[length];
        for (var i = 0; i < length; i++) cells[i] = this[start + i];
        return cells;
    }

    /// <summary>The cells stored compactly, as loading would store them.</summary>
    public static DataColumn From(IEnumerable<string?> cells, int maxCategories = ColumnBuilder.MaxCategories)
    {
        var builder = new ColumnBuilder(maxCategories);
        foreach (var cell in cells) builder.Add(cell);
        return builder.Build();
    }

    public IEnumerator<string?> GetEnumerator()
    {
        for (var r = 0; r < Count; r++) yield return this[r];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
