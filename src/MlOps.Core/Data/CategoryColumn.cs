namespace MlOps.Core.Data;

/// <summary>A column of few distinct values: a 16-bit code per row into its distinct strings (code 0 = missing).</summary>
internal sealed class CategoryColumn(ushort[] codes, string?[] values, float[] numbers) : DataColumn
{
    // values[0] is null and numbers[0] NaN: the missing cell.
    public override int Count => codes.Length;

    public override string? this[int row] => values[codes[row]];

    public override float[] Numbers() => Expand(numbers);

    public override T[] Map<T>(Func<string?, T> f) => Expand(Array.ConvertAll(values, v => f(v)));

    public override Dictionary<string, int> CountValues(out int missing)
    {
        var perCode = new int[values.Length];
        foreach (var code in codes) perCode[code]++;
        missing = perCode[0];
        var counts = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (var c = 1; c < values.Length; c++)
            if (perCode[c] > 0) counts[values[c]!] = perCode[c];
        return counts;
    }

    private T[] Expand<T>(T[] perCode)
    {
        var result = new T[codes.Length];
        for (var r = 0; r < result.Length; r++) result[r] = perCode[codes[r]];
        return result;
    }
}
