using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Core.Data;

/// <summary>
/// MlOpsSeparator, MlOpsHasHeader and MlOpsQuoting as users write them, read one way (strictly) by training, the test
/// checks and the smoke test: an options file's Separator and HasHeader keys (empty = detect) and Quoting (empty = auto).
/// </summary>
public static class CsvSettings
{
    /// <summary>Makes the error for a bad value: the tool's points at the property's line in the project file.</summary>
    public delegate MlOpsException ErrorFactory(string code, string property, string message);

    /// <exception cref="MlOpsException">MLOPS1005 when the separator is none, MLOPS1006 when the header flag is not true or false,
    /// MLOPS1013 when the quoting is not auto, rfc4180 or none.</exception>
    public static CsvOptions From(OptionsFile options, ErrorFactory? error = null)
    {
        error ??= (code, _, message) => new MlOpsException(code, message, options.Path);
        var separator = options.Get("Separator");
        var hasHeader = options.Get("HasHeader");
        var quoting = options.Get("Quoting");
        return new CsvOptions(
            separator is null ? null : Separator(separator) ?? throw error(ErrorCodes.InvalidSeparator, "MlOpsSeparator",
                $"MlOpsSeparator must be one character or one of tab, comma, semicolon, pipe, space, but is '{separator}'."),
            hasHeader is null ? null : bool.TryParse(hasHeader, out var b) ? b : throw error(ErrorCodes.InvalidBoolean, "MlOpsHasHeader",
                $"MlOpsHasHeader must be true or false (or empty to detect), but is '{hasHeader}'."),
            quoting is null ? CsvQuoting.Auto : Quoting(quoting) ?? throw error(ErrorCodes.InvalidQuoting, "MlOpsQuoting",
                $"MlOpsQuoting must be auto, rfc4180 or none (or empty for auto), but is '{quoting}'."));
    }

    private static CsvQuoting? Quoting(string value) => value.ToLowerInvariant() switch
    {
        "auto" => CsvQuoting.Auto,
        "rfc4180" => CsvQuoting.Rfc4180,
        "none" => CsvQuoting.None,
        _ => null,
    };

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
