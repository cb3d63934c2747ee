namespace MlOps.Core.Artifacts;

/// <summary>manifest.json: the lineage of one trained model, enough to audit it or retrain it.</summary>
public sealed record Manifest
{
    public int FormatVersion { get; init; } = 1;
    public required string SdkVersion { get; init; }
    public required string MlNetVersion { get; init; }
    public required string Task { get; init; }
    public required string Label { get; init; }
    public required int Seed { get; init; }
    public required string OptimizingMetric { get; init; }
    public required BudgetRecord Budget { get; init; }
    public required BestTrainerRecord BestTrainer { get; init; }
    public required IReadOnlyList<string> Featurization { get; init; }
    public required IReadOnlyList<DataFileRecord> Data { get; init; }
    public required string ModelSha256 { get; init; }
    public GitRecord? Git { get; init; }
    public required DateTimeOffset StartedUtc { get; init; }
    public required DateTimeOffset FinishedUtc { get; init; }
    public required double TrainingSeconds { get; init; }
    /// <summary>"search" (AutoML chose the model) or "replay" (MlOpsReplay refit a recorded recipe).</summary>
    public string Mode { get; init; } = ManifestModes.Search;
    /// <summary>Replay only: the manifest whose recipe was refit.</summary>
    public ReplaySourceRecord? ReplayOf { get; init; }
    /// <summary>Everything MlOpsReplay needs to refit this exact model; absent in manifests of older SDKs.</summary>
    public TrainingRecipe? Recipe { get; init; }
    /// <summary>What identifies the model: the hash of its training inputs (data, MlOps settings, SDK version); the same inputs train the same model once, whatever the Configuration.</summary>
    public string? TrainingInputsSha256 { get; init; }
    /// <summary>The checks `dotnet test` ran on exactly this model.zip (absent until tests ran on it); see <see cref="VerificationLog"/>.</summary>
    public VerificationRecord? Verification { get; init; }
}

public static class ManifestModes
{
    public const string Search = "search";
    public const string Replay = "replay";
}

public sealed record BudgetRecord(double TrainingTimeSeconds, int? MaxTrials, int TrialsRun);

public sealed record BestTrainerRecord(string Trainer, IReadOnlyDictionary<string, string> Hyperparameters, double ValidationMetric, double ValidationMetricStdDev);

/// <summary>Role is "training" or "test"; Path is relative to the project folder when it lies inside it.</summary>
public sealed record DataFileRecord(string Role, string Path, string Sha256, int Rows);

public sealed record GitRecord(string Commit, bool Dirty);
