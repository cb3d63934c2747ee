namespace MlOps.Core.Data;

/// <summary>Something loading noticed that does not stop it (e.g. MLOPS2018); the tool prints it as a canonical warning.</summary>
public sealed record DataWarning(string Code, string Message, string File, int? Line);
