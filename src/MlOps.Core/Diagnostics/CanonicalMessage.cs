namespace MlOps.Core.Diagnostics;

/// <summary>MSBuild's canonical message format: <c>origin(line): category CODE: text</c>.</summary>
public static class CanonicalMessage
{
    public static string Format(string category, string code, string text, string? file = null, int? line = null)
    {
        var origin = file is null ? "MlOps" : line is int l ? $"{file}({l})" : file;
        // One line per message: MSBuild parses line by line.
        return $"{origin} : {category} {code}: {text.ReplaceLineEndings(" ")}";
    }
}
