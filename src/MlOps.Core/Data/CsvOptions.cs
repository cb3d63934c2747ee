namespace MlOps.Core.Data;

/// <summary>How to read a delimited file; null means "detect".</summary>
public sealed record CsvOptions(char? Separator = null, bool? HasHeader = null);
