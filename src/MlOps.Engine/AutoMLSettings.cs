using MlOps.Core.Schema;

namespace MlOps.Engine;

/// <summary>What the user asked of one AutoML run (the MlOps* properties after validation).</summary>
public sealed record AutoMLSettings
{
    public required MlTask Task { get; init; }
    /// <summary>ML.NET metric name (or alias such as "AUC"); null picks the task's default.</summary>
    public string? Metric { get; init; }
    /// <summary>
    /// Wall-clock budget of the whole training command, in seconds: the search, the refit on all rows, test scoring
    /// and importance, minus <see cref="ElapsedSeconds"/> already spent before the engine was called.
    /// </summary>
    public double TrainingTimeSeconds { get; init; } = 60;
    /// <summary>Seconds of the budget the caller already spent (process start, loading the data, inferring the schema).</summary>
    public double ElapsedSeconds { get; init; }
    /// <summary>A trial budget instead of (or on top of) the time budget; makes runs reproducible.</summary>
    public int? MaxTrials { get; init; }
    public int Seed { get; init; }
    /// <summary>Restricts the trainer portfolio, e.g. ["LightGbm", "FastTree"]; null = all that fit the task.</summary>
    public IReadOnlyList<string>? Trainers { get; init; }
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>MlOpsExportOnnx: search only pipelines ML.NET's ONNX converter exports (see Onnx.OnnxExport).</summary>
    public bool OnnxExportable { get; init; }
    /// <summary>
    /// The process's memory ceiling, honoured by measurement (see Execution.MemoryBudget): fits are capped to rows that
    /// stay under it; null = the default ceiling of 1,024 MB, which only caps fits (with a warning), never fails.
    /// </summary>
    public int? MaxMemoryMB { get; init; }
    /// <summary>Tests only: training rows above which trials run on a subsample (see Data.RowSchedule); null = its default.</summary>
    internal int? SubsampleAboveRows { get; init; }
    /// <summary>Tests only: rows of the search's fits on large data; null = Data.RowSchedule's default.</summary>
    internal int? FirstRungRows { get; init; }
}
