using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Featurization;

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
    /// only in the default regression portfolio when no label is negative. Text changes the default portfolio
    /// (see <see cref="SuitsText"/>); a requested trainer is always used.
    /// </summary>
    public static IReadOnlyList<TrainerCandidate> Select(MlTask task, IReadOnlyList<string>? requested, bool hasNegativeLabel,
        FeaturizationPlan? plan = null, int classes = 0)
    {
        var all = All().Where(t => t.Supports(task)).ToArray();
        if (requested is null || requested.Count == 0)
            return all.Where(t => !(task == MlTask.Regression && hasNegativeLabel && t is LbfgsCandidate) && (plan is null || SuitsText(t, task, plan, classes))).ToArray();

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

    /// <summary>Above this many classes, multiclass text leaves out L-BFGS (see <see cref="SuitsText"/>).</summary>
    public const int ManyClasses = 10;

    /// <summary>
    /// Text makes wide, sparse feature vectors (tens of thousands of n-grams, a few dozen set per row), where linear
    /// models are the strong, cheap baseline and trees pay only for non-text columns: on text alone only linear trainers run
    /// (measured on fortunes, 41 classes: LightGbm's cheapest point took 22 s and scored 0.27 on test, SDCA 0.48 in 7 s);
    /// with other columns trees stay, except one-versus-all trees for multiclass (FastTree, FastForest fit one
    /// ensemble per class over the whole vector). On text alone linear trainers also start first (see <see cref="Search.TrainerSearchState.Leads"/>);
    /// with other columns the portfolio keeps its usual order, as strong non-text columns are where trees pay.
    /// </summary>
    public static bool SuitsText(TrainerCandidate trainer, MlTask task, FeaturizationPlan plan, int classes)
    {
        if (!plan.HasText) return true;
        // L-BFGS keeps HistorySize (20) copies of the n-grams x classes weights: on fortunes it took 56 s and 1.6 GB for one fit.
        if (trainer is LbfgsCandidate) return task != MlTask.MulticlassClassification || classes <= ManyClasses;
        if (trainer.IsLinear) return true;
        return !plan.IsTextOnly && !(task == MlTask.MulticlassClassification && trainer is FastTreeCandidate or FastForestCandidate);
    }
}
