using System.Globalization;
using System.Text;

namespace MlOps.Tool.Cards;

/// <summary>Culture-free number formatting and the escaping of user text (column names, classes, paths) for HTML/SVG and Markdown.</summary>
public static class CardText
{
    public static string Number(double value) =>
        !double.IsFinite(value) ? "n/a"
        : value != 0 && (Math.Abs(value) >= 1e6 || Math.Abs(value) < 1e-4) ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
        : value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>SVG coordinates: two decimals at most.</summary>
    public static string Coordinate(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Text and attribute values in HTML and inline SVG (which must stay well-formed XML).</summary>
    public static string Html(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(c switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;",
                // Control characters are not allowed in XML 1.0.
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    /// <summary>Inline Markdown (a table cell or a sentence): no markup, no raw HTML, one line.</summary>
    public static string Markdown(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(c switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;",
                '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '#' or '~' => "\\" + c,
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
