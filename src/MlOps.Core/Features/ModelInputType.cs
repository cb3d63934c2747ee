namespace MlOps.Core.Features;

/// <summary>
/// How a feature column reaches the model: numeric and boolean columns as Single (NaN = missing, booleans 1/0),
/// categorical and text columns as text (empty = missing). The engine and the scoring service map these to
/// ML.NET's Single and text column types; the generated API to float and string fields.
/// </summary>
public enum ModelInputType { Single, Text }
