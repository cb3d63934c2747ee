namespace MlOps.Core.Schema;

/// <summary>User overrides for column inference (the MlOps*Columns properties) and the label.</summary>
public sealed record InferenceOptions
{
    public required string Label { get; init; }
    /// <summary>Null: infer the task from the label.</summary>
    public MlTask? Task { get; init; }
    public IReadOnlyList<string> Ignore { get; init; } = [];
    public IReadOnlyList<string> Categorical { get; init; } = [];
    public IReadOnlyList<string> Text { get; init; } = [];
    public IReadOnlyList<string> Numeric { get; init; } = [];
}
