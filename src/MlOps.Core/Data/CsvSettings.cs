using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Core.Data;

/// <summary>
/// MlOpsSeparator and MlOpsHasHeader as users write them, read one way (strictly) by training, the test checks and the
/// smoke test: an options file's Separator and HasHeader keys, empty = detect.
/// </summary>
public static class CsvSettings
{
    /// <summary>Makes the error for a bad value: the tool's points at the property's line in the project file.</summary>
    public delegate MlOpsException ErrorFactory(string code, string property, string message);

    /// <exception cref="MlOpsException">MLOPS1005 when the separator is none, MLOPS1006 when the header flag is not true or false.</exception>
    public static CsvOptions From(OptionsFile options, ErrorFactory? error = null)
    {
        error ??= (code, _, message) => new MlOpsException(code, message, options.Path);
        var separator = options.Get("Separator");
        var hasHeader = options.Get("HasHeader");
        return new CsvOptions(
            separator is null ? null : Separator(separator) ?? throw error(ErrorCodes.InvalidSeparator, "MlOpsSeparator",
                $"MlOpsSeparator must be one character or one of tab, comma, semicolon, pipe, space, but is '{separator}'."),
            hasHeader is null ? null : bool.TryParse(hasHeader, out var b) ? b : throw error(ErrorCodes.InvalidBoolean, "MlOpsHasHeader",
                $"MlOpsHasHeader must be true or false (or empty to detect), but is '{hasHeader}'."));
    }

    /// <summary>One character, or a name: a literal tab does not survive MSBuild, hence tab, comma, semicolon, pipe, space.</summary>
    private static char? Separator(string value) => value.ToLowerInvariant() switch
    {
        "tab" or "\\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        "pipe" => '|',
        "space" => ' ',
        { Length: 1 } => value[0],
        _ => null,
    };
}
