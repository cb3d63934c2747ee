namespace MlOps.Core.Diagnostics;

/// <summary>
/// Something a command noticed that does not stop it (loading: MLOPS2018; training: MLOPS3031, MLOPS3032), carried to
/// the tool, which prints it as a canonical warning (<see cref="Format"/>). One type for the loader and the engine.
/// </summary>
public sealed record MlOpsWarning(string Code, string Message, string? File, int? Line = null)
{
    public string Format() => CanonicalMessage.Format("warning", Code, Message, File, Line);
}
