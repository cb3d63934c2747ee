namespace MlOps.Core.Schema;

public sealed class ColumnSchema
{
    public required string Name { get; init; }
    public required ColumnKind Kind { get; init; }
    /// <summary>Why inference chose the kind ("override", "id-like", "numeric", ...), for users reading schema.json.</summary>
    public string? Reason { get; init; }
    public double MissingRate { get; init; }
    public int DistinctCount { get; init; }
    /// <summary>Categoricals and booleans: observed values with counts, most frequent first.</summary>
    public IReadOnlyList<CategoryCount>? Categories { get; init; }
    /// <summary>Numerics: range and mean of the non-missing values.</summary>
    public double? Min { get; init; }
    public double? Max { get; init; }
    public double? Mean { get; init; }
    /// <summary>Numerics: the 0%, 1%, …, 100% percentiles: the training distribution that drift checks compare with.</summary>
    public double[]? Quantiles { get; init; }
}

public sealed record CategoryCount(string Value, int Count);
