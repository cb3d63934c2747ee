using System.Globalization;

namespace MlOps.Core.Data;

/// <summary>
/// A column of many distinct numbers: a float32 per row, the numeric rule's model input (NaN = missing), and how its
/// text is written: the float's shortest form ("17.5"), or fixed decimals ("17.50", "64.0"). A cell neither form
/// reproduces ("1e3", "n/a") is kept as text beside it, so every cell still reads back exactly.
/// </summary>
internal sealed class NumberColumn(float[] values, byte[]? forms, Dictionary<int, string> exceptions) : DataColumn
{
    /// <summary>Form codes: <see cref="Shortest"/>, or 1 + the number of fixed decimals, up to <see cref="MaxDecimals"/>.</summary>
    public const byte Shortest = 0;
    private const int MaxDecimals = 9;
    private static readonly string[] Fixed = [.. Enumerable.Range(0, MaxDecimals + 1).Select(d => "F" + d.ToString(CultureInfo.InvariantCulture))];

    public override int Count => values.Length;

    public override string? this[int row] =>
        exceptions.TryGetValue(row, out var text) ? text : float.IsNaN(values[row]) ? null : Text(values[row], forms?[row] ?? Shortest);

    public override float[] Numbers() => (float[])values.Clone();

    public override Dictionary<string, int> CountValues(out int missing)
    {
        // By the float's bits and form (0 and -0, 17.5 and 17.50 are different texts), then one string per distinct value.
        var byValue = new Dictionary<long, int>();
        missing = 0;
        for (var r = 0; r < values.Length; r++)
        {
            if (exceptions.ContainsKey(r)) continue;
            if (float.IsNaN(values[r])) { missing++; continue; }
            var key = (long)(forms?[r] ?? Shortest) << 32 | (uint)BitConverter.SingleToInt32Bits(values[r]);
            byValue[key] = byValue.GetValueOrDefault(key) + 1;
        }
        var counts = new Dictionary<string, int>(byValue.Count + exceptions.Count, StringComparer.Ordinal);
        foreach (var (key, count) in byValue) counts[Text(BitConverter.Int32BitsToSingle((int)key), (byte)(key >> 32))] = count;
        foreach (var text in exceptions.Values) counts[text] = counts.GetValueOrDefault(text) + 1;
        return counts;
    }

    /// <summary>The text of <paramref name="value"/> written in <paramref name="form"/>.</summary>
    public static string Text(float value, byte form) =>
        form == Shortest ? value.ToString(CultureInfo.InvariantCulture) : value.ToString(Fixed[form - 1], CultureInfo.InvariantCulture);

    /// <summary>The form that writes <paramref name="value"/> exactly as <paramref name="text"/>, or -1 when none does (or it is NaN).</summary>
    public static int FormOf(float value, ReadOnlySpan<char> text)
    {
        if (float.IsNaN(value)) return -1;
        Span<char> buffer = stackalloc char[64];
        if (Writes(value, text, buffer, default)) return Shortest;
        var point = text.IndexOf('.');
        var decimals = point < 0 ? 0 : text.Length - point - 1;
        return decimals <= MaxDecimals && Writes(value, text, buffer, Fixed[decimals]) ? decimals + 1 : -1;
    }

    private static bool Writes(float value, ReadOnlySpan<char> text, Span<char> buffer, ReadOnlySpan<char> format) =>
        value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture) && buffer[..written].SequenceEqual(text);
}
