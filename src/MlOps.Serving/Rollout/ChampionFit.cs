using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Model;

namespace MlOps.Serving.Rollout;

/// <summary>
/// Whether the champion can score what the challenger accepts: the same task and label, and every champion feature a
/// challenger column of the same kind. Publish checks it too (MLOPS5060); the service does not trust the image to have
/// been built by that publish step.
/// </summary>
internal static class ChampionFit
{
    /// <exception cref="MlOpsException">MLOPS6052, naming every mismatch.</exception>
    public static void Check(ModelFiles challenger, ModelFiles champion)
    {
        var (mine, theirs) = (challenger.Schema, champion.Schema);
        var problems = new List<string>();
        if (mine.Task != theirs.Task) problems.Add($"the champion is {theirs.Task}, the challenger {mine.Task}");
        if (mine.Label != theirs.Label) problems.Add($"the champion predicts '{theirs.Label}', the challenger '{mine.Label}'");
        foreach (var feature in theirs.Features)
        {
            var column = mine.Find(feature.Name);
            if (column is null || column.Name == mine.Label) problems.Add($"the champion's feature '{feature.Name}' is not a challenger input");
            else if (column.Kind != feature.Kind) problems.Add($"'{feature.Name}' is {feature.Kind} for the champion, {column.Kind} for the challenger");
        }
        if (problems.Count > 0)
            throw new MlOpsException(ErrorCodes.RolloutChampionMismatch,
                $"The champion in {champion.Folder} does not fit the challenger's input: {string.Join("; ", problems)}. " +
                "Publish with a baseline model of the same task, label and features, or run with MLOPS_ROLLOUT=off.",
                Path.Combine(champion.Folder, ArtifactFiles.Schema));
    }
}
