namespace MlOps.Engine;

/// <summary>
/// Permutation importance of one raw input column: how much the optimizing metric worsens (larger = more
/// important, whatever the metric's direction) when the column's values are shuffled across the rows.
/// </summary>
public sealed record FeatureImportance(string Column, double Importance, double StdDev);
