using System.Text;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Cards;

/// <summary>
/// A minimal writer of inline SVG: well-formed XML (every value escaped, every element closed), coordinates rounded
/// to two decimals so the same data always gives the same bytes. Styling comes from the card's stylesheet classes.
/// </summary>
internal sealed class Svg
{
    private readonly StringBuilder _sb = new();

    public Svg(string id, double width, double height, string label)
    {
        _sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{Html(id)}\" class=\"chart\" viewBox=\"0 0 {Coordinate(width)} {Coordinate(height)}\" ")
           .Append($"width=\"{Coordinate(width)}\" height=\"{Coordinate(height)}\" role=\"img\" aria-label=\"{Html(label)}\">")
           .Append($"<title>{Html(label)}</title>\n");
    }

    public Svg Rect(double x, double y, double width, double height, string cssClass, string? tip = null, string? fill = null)
    {
        _sb.Append($"<rect x=\"{Coordinate(x)}\" y=\"{Coordinate(y)}\" width=\"{Coordinate(Math.Max(width, 0))}\" height=\"{Coordinate(Math.Max(height, 0))}\" class=\"{cssClass}\"");
        if (fill is not null) _sb.Append($" fill=\"{fill}\"");
        return Close("rect", tip);
    }

    public Svg Line(double x1, double y1, double x2, double y2, string cssClass) =>
        Raw($"<line x1=\"{Coordinate(x1)}\" y1=\"{Coordinate(y1)}\" x2=\"{Coordinate(x2)}\" y2=\"{Coordinate(y2)}\" class=\"{cssClass}\"/>\n");

    public Svg Circle(double x, double y, double r, string cssClass, string? tip = null)
    {
        _sb.Append($"<circle cx=\"{Coordinate(x)}\" cy=\"{Coordinate(y)}\" r=\"{Coordinate(r)}\" class=\"{cssClass}\"");
        return Close("circle", tip);
    }

    public Svg Polyline(IEnumerable<(double X, double Y)> points, string cssClass) =>
        Raw($"<polyline points=\"{string.Join(" ", points.Select(p => Coordinate(p.X) + "," + Coordinate(p.Y)))}\" class=\"{cssClass}\"/>\n");

    /// <summary>Text, shortened to <paramref name="maxChars"/> with the full text as a tooltip.</summary>
    public Svg Text(double x, double y, string text, string anchor = "start", string cssClass = "label", int maxChars = 24)
    {
        var shown = Shorten(text, maxChars);
        _sb.Append($"<text x=\"{Coordinate(x)}\" y=\"{Coordinate(y)}\" text-anchor=\"{anchor}\" class=\"{cssClass}\">");
        if (shown != text) _sb.Append($"<title>{Html(text)}</title>");
        return Raw($"{Html(shown)}</text>\n");
    }

    public override string ToString() => _sb + "</svg>";

    private Svg Close(string element, string? tip) =>
        Raw(tip is null ? "/>\n" : $"><title>{Html(tip)}</title></{element}>\n");

    private Svg Raw(string s)
    {
        _sb.Append(s);
        return this;
    }

    private static string Shorten(string text, int maxChars)
    {
        if (text.Length <= maxChars) return text;
        var cut = maxChars - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut] + "…";
    }
}
