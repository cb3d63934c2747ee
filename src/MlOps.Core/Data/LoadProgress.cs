namespace MlOps.Core.Data;

/// <summary>How far a load is: data rows so far, and the share of the file's bytes read (0 to 1).</summary>
public readonly record struct LoadProgress(int Rows, double Fraction);
