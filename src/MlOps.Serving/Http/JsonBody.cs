using System.Text.Json;
using System.Text.Unicode;

namespace MlOps.Serving.Http;

/// <summary>
/// A request body as JSON, or a 400 (MLOPS6010), checked here once for every endpoint and field rather than failing as a
/// 500 wherever a value or name is read: beyond JsonDocument's syntax checks, the body must be valid UTF-8 throughout
/// (a BOM is fine), and every escaped string and property name is decoded once, since "\ud800", a lone UTF-16
/// surrogate, is valid JSON syntax that no .NET reader can turn into text (GetString throws).
/// </summary>
internal static class JsonBody
{
    public static JsonDocument Parse(byte[] body)
    {
        // JsonDocument checks UTF-8 outside strings only; a bad byte inside one would throw wherever the string is read.
        if (!Utf8.IsValid(body)) throw Problems.Malformed("The body is not valid UTF-8 text.");
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException e) { throw Problems.Malformed($"The body is not valid JSON: {e.Message}"); }
        if (LoneSurrogateAt(body) is { } path)
        {
            document.Dispose();
            throw Problems.Malformed($"The body is not valid JSON text: a string at {path} holds a lone UTF-16 surrogate escape (such as \\ud800), which is no character.");
        }
        return document;
    }

    /// <summary>Where the first undecodable escaped string is (a byte offset), or null. Only escaped strings are decoded.</summary>
    private static string? LoneSurrogateAt(byte[] body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped) continue;
            try { reader.GetString(); }
            catch (InvalidOperationException) { return $"byte {reader.TokenStartIndex}"; }
        }
        return null;
    }
}
