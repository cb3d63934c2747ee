using System.Globalization;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;

namespace MlOps.Tool.Rollout;

/// <summary>The numbers a decision rested on, as the lineage keeps them (null: the source did not have it).</summary>
public sealed record RolloutEvidenceSummary(int PairedRows, string? Metric, double? Champion, double? Challenger, double? WorseBy, double? Lower,
    double? Upper, double? Confidence, double? ErrorRate, double? P99Seconds)
{
    public static RolloutEvidenceSummary Of(RolloutEvidence e) => new(e.PairedRows, e.Paired?.Metric, Finite(e.Paired?.Champion),
        Finite(e.Paired?.Challenger), Finite(e.Paired?.WorseBy), Finite(e.Paired?.Lower), Finite(e.Paired?.Upper), Finite(e.Paired?.Confidence),
        Finite(e.ErrorRate), Finite(e.P99Seconds));

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>
/// One line of the challenger's rollout-decisions.jsonl (docs/rollout.md, "The decision"): what was decided, why, on
/// which evidence, when, for which model (the version the project builds and the SHA-256 of its model.zip). Appended,
/// never rewritten, so the file is the model's history of decisions; -t:MlOpsLineage prints it.
/// </summary>
public sealed record RolloutDecisionRecord(string Decision, string Reason, string Source, DateTimeOffset TimeUtc, string? ChallengerVersion,
    string ModelSha256, RolloutEvidenceSummary Evidence)
{
    public static string PathIn(string modelFolder) => Path.Combine(modelFolder, ArtifactFiles.RolloutDecisions);

    public void AppendTo(string modelFolder) => MlOpsJson.AppendLine(PathIn(modelFolder), this);

    /// <summary>The decisions recorded in a model folder, oldest first (none when the file is absent).</summary>
    public static IReadOnlyList<RolloutDecisionRecord> ReadAll(string modelFolder) => MlOpsJson.ReadLines<RolloutDecisionRecord>(PathIn(modelFolder));

    /// <summary>As the lineage prints it: time, decision, version and reason.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"{TimeUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC {Decision} {ChallengerVersion ?? "(no version)"}: {Reason} [{Source}]");
}
