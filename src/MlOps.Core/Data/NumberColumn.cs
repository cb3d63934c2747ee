using System.Globalization;
using System.Runtime.InteropServices;

namespace MlOps.Core.Data;

/// <summary>
/// A column of many distinct numbers: a float32 per row, the numeric rule's model input (NaN = missing). A cell whose
/// text the float's shortest form does not reproduce ("17.50", "1e3", "n/a") is kept as text beside it, so every cell
/// still reads back exactly.
/// </summary>
internal sealed class NumberColumn(float[] values, Dictionary<int, string> exceptions) : DataColumn
{
    public override int Count => values.Length;

    public override string? this[int row] =>
        exceptions.TryGetValue(row, out var text) ? text : float.IsNaN(values[row]) ? null : Text(values[row]);

    public override float[] Numbers() => (float[])values.Clone();

    public override Dictionary<string, int> CountValues(out int missing)
    {
        // By the float's bits (so 0 and -0, whose texts differ, stay apart), then one string per distinct value.
        var byBits = new Dictionary<int, int>();
        missing = 0;
        for (var r = 0; r < values.Length; r++)
        {
            if (exceptions.ContainsKey(r)) continue;
            if (float.IsNaN(values[r])) missing++;
            else CollectionsMarshal.GetValueRefOrAddDefault(byBits, BitConverter.SingleToInt32Bits(values[r]), out _)++;
        }
        var counts = new Dictionary<string, int>(byBits.Count + exceptions.Count, StringComparer.Ordinal);
        foreach (var (bits, count) in byBits) counts[Text(BitConverter.Int32BitsToSingle(bits))] = count;
        foreach (var text in exceptions.Values) counts[text] = counts.GetValueOrDefault(text) + 1;
        return counts;
    }

    /// <summary>The float's shortest round-trip text: what a cell must be to be stored as the float alone.</summary>
    public static string Text(float value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="text"/> is exactly <see cref="Text"/> of <paramref name="value"/>, without making a string.</summary>
    public static bool Reproduces(float value, ReadOnlySpan<char> text)
    {
        Span<char> buffer = stackalloc char[32];
        return !float.IsNaN(value) && value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture)
            && buffer[..written].SequenceEqual(text);
    }
}
