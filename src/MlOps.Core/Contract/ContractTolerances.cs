namespace MlOps.Core.Contract;

/// <summary>How far new data may stray from the schema contract before it counts as a breaking change.</summary>
public sealed record ContractTolerances
{
    /// <summary>Largest share of a categorical column's rows that may hold categories the contract never saw.</summary>
    public double NewCategoryShare { get; init; } = 0.01;
    /// <summary>Largest share of a numeric column's rows that may fall outside the recorded range (widened by RangeMargin).</summary>
    public double OutOfRangeShare { get; init; } = 0.01;
    /// <summary>The recorded [min, max] is widened by this fraction of its width on each side.</summary>
    public double RangeMargin { get; init; } = 0.1;
    /// <summary>How much a column's missing rate may rise above the recorded one.</summary>
    public double MissingRateIncrease { get; init; } = 0.05;
    /// <summary>Strict mode: columns the contract does not know are errors, not warnings.</summary>
    public bool Strict { get; init; }
}
