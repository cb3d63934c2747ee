namespace MlOps.Core.Diagnostics;

/// <summary>
/// A user-facing failure with a documented MLOPS code. The tool prints it in MSBuild's canonical
/// format so that the build reports it as a real error at the right file and line.
/// </summary>
public sealed class MlOpsException(string code, string message, string? file = null, int? line = null)
    : Exception(message)
{
    public string Code { get; } = code;
    public string? File { get; } = file;
    public int? Line { get; } = line;

    public string ToCanonical() => CanonicalMessage.Format("error", Code, Message, File, Line);
}
