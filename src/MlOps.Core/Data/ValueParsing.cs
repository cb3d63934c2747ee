using System.Globalization;

namespace MlOps.Core.Data;

/// <summary>
/// The one definition of "numeric" and "boolean" text, shared by inference and the feature contract so both agree.
/// </summary>
public static class ValueParsing
{
    // Float = sign, decimal point, exponent and surrounding white space; deliberately no thousands
    // separators ("1,000" would be ambiguous with the ',' separator and with European decimals).
    private const NumberStyles Styles = NumberStyles.Float;

    /// <summary>Invariant-culture number; NaN and infinities (including overflow) are rejected so stats stay finite.</summary>
    public static bool TryParseNumber(string s, out double value) => TryParseNumber(s.AsSpan(), out value);

    public static bool TryParseNumber(ReadOnlySpan<char> s, out double value) =>
        double.TryParse(s, Styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>
    /// "true" or "false", case-insensitive, surrounding white space allowed. 0/1 and yes/no are not booleans, so inference
    /// never calls a 0/1 column boolean; a cell of a column already known to be boolean may still be 1 or 0 (Features.BooleanRule).
    /// </summary>
    /// <summary>A cell's number, NaN when it is empty or not a number (a metric then leaves the row out).</summary>
    public static double NumberOrNaN(string? cell) => cell is not null && TryParseNumber(cell, out var value) ? value : double.NaN;

    public static bool TryParseBoolean(string s, out bool value)
    {
        var t = s.AsSpan().Trim();
        if (t.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
        if (t.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = false; return true; }
        value = false;
        return false;
    }

    internal static bool IsInteger(double v) => Math.Floor(v) == v;
}
