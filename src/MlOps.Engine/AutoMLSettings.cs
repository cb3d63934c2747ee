using MlOps.Core.Schema;

namespace MlOps.Engine;

/// <summary>What the user asked of one AutoML run (the MlOps* properties after validation).</summary>
public sealed record AutoMLSettings
{
    public required MlTask Task { get; init; }
    /// <summary>ML.NET metric name (or alias such as "AUC"); null picks the task's default.</summary>
    public string? Metric { get; init; }
    /// <summary>Wall-clock budget for the search, in seconds.</summary>
    public double TrainingTimeSeconds { get; init; } = 60;
    /// <summary>A trial budget instead of (or on top of) the time budget; makes runs reproducible.</summary>
    public int? MaxTrials { get; init; }
    public int Seed { get; init; }
    /// <summary>Restricts the trainer portfolio, e.g. ["LightGbm", "FastTree"]; null = all that fit the task.</summary>
    public IReadOnlyList<string>? Trainers { get; init; }
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>A soft memory ceiling for the engine (e.g. subsample early trials); null = no ceiling.</summary>
    public int? MaxMemoryMB { get; init; }
}
