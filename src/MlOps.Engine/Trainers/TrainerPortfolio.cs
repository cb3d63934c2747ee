using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Engine.Trainers;

/// <summary>
/// The trainers the search may use. Names (case-insensitive in settings.Trainers): LightGbm, FastTree,
/// FastForest, Sdca (SdcaLogisticRegression / SdcaMaximumEntropy / Sdca regression) and Lbfgs
/// (LbfgsLogisticRegression / LbfgsMaximumEntropy / LbfgsPoissonRegression).
/// </summary>
internal static class TrainerPortfolio
{
    private static TrainerCandidate[] All() =>
        [new LightGbmCandidate(), new SdcaCandidate(), new LbfgsCandidate(), new FastTreeCandidate(), new FastForestCandidate()];

    public static IReadOnlyList<string> Names => All().Select(t => t.Name).ToArray();

    /// <summary>
    /// The requested trainers (all when null). Poisson regression needs non-negative labels, so Lbfgs is
    /// only in the default regression portfolio when no label is negative.
    /// </summary>
    public static IReadOnlyList<TrainerCandidate> Select(MlTask task, IReadOnlyList<string>? requested, bool hasNegativeLabel)
    {
        var all = All().Where(t => t.Supports(task)).ToArray();
        if (requested is null || requested.Count == 0)
            return all.Where(t => !(task == MlTask.Regression && hasNegativeLabel && t is LbfgsCandidate)).ToArray();

        var chosen = new List<TrainerCandidate>();
        foreach (var name in requested)
        {
            var match = all.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new MlOpsException(ErrorCodes.UnknownTrainer,
                    $"'{name}' is not a trainer for {task}. Valid trainers: {string.Join(", ", all.Select(t => t.Name))}.");
            if (!chosen.Contains(match)) chosen.Add(match);
        }
        // Portfolio order, not request order, so the same set always searches the same way.
        return all.Where(chosen.Contains).ToArray();
    }
}
