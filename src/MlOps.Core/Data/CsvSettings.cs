namespace MlOps.Core.Data;

/// <summary>The MlOpsSeparator and MlOpsHasHeader values as users write them, shared by the tool and the test checks.</summary>
public static class CsvSettings
{
    /// <summary>One character, or tab, comma, semicolon, pipe, space; null = detect. Null result with ok=false: not a separator.</summary>
    public static bool TryParseSeparator(string? value, out char? separator)
    {
        separator = value?.ToLowerInvariant() switch
        {
            null => null,
            "tab" or "\\t" => '\t',
            "comma" => ',',
            "semicolon" => ';',
            "pipe" => '|',
            "space" => ' ',
            { Length: 1 } c => c[0],
            _ => '\0',
        };
        return separator != '\0';
    }

    public static bool TryParseHasHeader(string? value, out bool? hasHeader)
    {
        hasHeader = null;
        if (value is null) return true;
        if (!bool.TryParse(value, out var b)) return false;
        hasHeader = b;
        return true;
    }
}
