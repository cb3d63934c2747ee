using System.Globalization;
using System.Text;

namespace MlOps.Tool.CodeGen;

/// <summary>Values written into generated source: string literals and single-line XML doc text.</summary>
public static class CSharpText
{
    /// <summary>
    /// A regular "…" literal. Control characters, line and paragraph separators (new lines to the compiler) and
    /// surrogates are \u escapes, so any column name round-trips exactly and the source stays one line per value.
    /// </summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (NeedsEscape(c)) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Text for a /// comment: XML-escaped, with the characters <see cref="Literal"/> escapes shown as escapes.</summary>
    public static string Xml(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default:
                    if (NeedsEscape(c) || c is '\n' or '\r' or '\t') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>A double expression that reads back to the same value (NaN and infinities as double's constants).</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "double.NaN"
        : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085' ||
        char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
