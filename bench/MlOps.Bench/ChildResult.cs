using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Bench;

/// <summary>What one child process reports, as one JSON line on stdout prefixed with <see cref="Marker"/>.</summary>
public sealed record ChildResult
{
    public const string Marker = "BENCH-RESULT ";

    public required string Dataset { get; init; }
    public required string Task { get; init; }
    /// <summary>The metric the engine optimized (its default for the task).</summary>
    public required string OptimizedMetric { get; init; }
    public required IReadOnlyDictionary<string, double> TestMetrics { get; init; }
    public required int Trials { get; init; }
    public required int FailedTrials { get; init; }
    public required int TimedOutTrials { get; init; }
    public string? FirstError { get; init; }
    public required IReadOnlyDictionary<string, int> TrialsByTrainer { get; init; }
    public required string BestTrainer { get; init; }
    public required int BestTrialNumber { get; init; }
    public required double BestValidationMetric { get; init; }
    public required double LongestTrialSeconds { get; init; }
    public required double SearchSeconds { get; init; }
    /// <summary>Load + infer + search + refit + test scoring (+ save), inside the child.</summary>
    public required double TrainSeconds { get; init; }
    public required double PeakMb { get; init; }
    public required string Loader { get; init; }
    public required string Schema { get; init; }
    public required string Validation { get; init; }
    public string? ModelSha256 { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToLine() => Marker + JsonSerializer.Serialize(this, Json);

    public static ChildResult? FromOutput(string stdout) => stdout
        .Split('\n')
        .Select(l => l.TrimEnd('\r'))
        .Where(l => l.StartsWith(Marker, StringComparison.Ordinal))
        .Select(l => JsonSerializer.Deserialize<ChildResult>(l[Marker.Length..], Json))
        .LastOrDefault();
}
