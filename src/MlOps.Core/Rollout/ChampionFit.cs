using MlOps.Core.Schema;

namespace MlOps.Core.Rollout;

/// <summary>
/// Whether the champion can score the rows the challenger's schema accepts (docs/rollout.md, "Two models in one
/// image"): the service validates a request once, against the challenger's schema, and gives the champion the columns
/// it knows, so every champion feature must be a challenger feature of the same kind, for the same task and label.
/// One rule for publish (MLOPS5060, before the image is built) and the service (MLOPS6052 at start: it does not trust
/// the image to have been built by that publish step).
/// </summary>
public static class ChampionFit
{
    /// <summary>What does not fit, one sentence each; empty when the champion fits.</summary>
    public static IReadOnlyList<string> Problems(DataSchema champion, DataSchema challenger)
    {
        var problems = new List<string>();
        if (champion.Task != challenger.Task)
            problems.Add($"the champion is a {champion.Task} model, the challenger a {challenger.Task} model");
        if (!string.Equals(champion.Label, challenger.Label, StringComparison.Ordinal))
            problems.Add($"the champion predicts '{champion.Label}', the challenger '{challenger.Label}'");
        var features = challenger.Features.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in champion.Features)
        {
            if (!features.TryGetValue(column.Name, out var theirs))
                problems.Add($"the champion's feature '{column.Name}' is not in the challenger's schema");
            else if (theirs.Kind != column.Kind)
                problems.Add($"the feature '{column.Name}' is {column.Kind} for the champion but {theirs.Kind} for the challenger");
        }
        return problems;
    }
}
