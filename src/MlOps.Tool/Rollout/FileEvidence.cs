using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Tool.Rollout;

/// <summary>
/// The evidence in labeled capture files of an image with two models (docs/rollout.md, "Capture of both predictions"),
/// read as the production checks read them (one row per prediction). A paired row is a labeled row that both models
/// scored; the comparison is Core's PairedComparison, as the service computes it, at the decision's confidence.
/// </summary>
public static class FileEvidence
{
    public static RolloutEvidence Read(IReadOnlyList<string> files, DataSchema schema, string metric, double confidence, ProjectLines project)
    {
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
            throw project.Error(ErrorCodes.RolloutDecisionInvalidSetting, DecisionSettings.EvidenceProperty, $"The rollout evidence file '{missing}' does not exist.");
        var table = CaptureFiles.Load(files, schema.Label);
        var names = string.Join(", ", files.Select(Path.GetFileName));
        if (CaptureFiles.TwoModelColumns.FirstOrDefault(c => table.IndexOf(c) < 0) is { } absent)
            throw new MlOpsException(ErrorCodes.RolloutEvidenceUnreadable,
                $"The capture files ({names}) have no '{absent}' column: they come from an image with one model. Paired evidence needs the champion " +
                "and the challenger in one image (MlOpsBaselineModel at publish, MLOPS_ROLLOUT=shadow or canary).", files[0]);

        IReadOnlyList<string?> actual = table.IndexOf(schema.Label) is var l and >= 0 ? table.Columns[l] : new string?[table.RowCount];
        var (championPredicted, championScore) = (table.Column(CaptureFiles.ChampionPrediction), table.Column(CaptureFiles.ChampionScore));
        var (challengerPredicted, challengerScore) = (table.Column(CaptureFiles.ChallengerPrediction), table.Column(CaptureFiles.ChallengerScore));
        var rows = Enumerable.Range(0, table.RowCount)
            .Where(r => actual[r] is not null && championPredicted[r] is not null && challengerPredicted[r] is not null)
            .Select(r => new PairedRow(actual[r]!, championPredicted[r], ValueParsing.NumberOrNaN(championScore[r]), challengerPredicted[r], ValueParsing.NumberOrNaN(challengerScore[r])))
            .ToList();
        var paired = PairedComparison.Compare(schema, metric, rows, confidence);
        return new RolloutEvidence($"{files.Count} capture file{(files.Count == 1 ? "" : "s")} ({names})", rows.Count, paired, null, null);
    }
}
