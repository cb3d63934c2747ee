using MlOps.Engine.Execution;
using MlOps.Engine.Metrics;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Search;

/// <summary>
/// Guards the pick against the winner's curse on small data: after hundreds of trials scored on the same
/// folds, the best mean is partly luck on those folds. The search's best and the best trial of each other trainer
/// (at most <see cref="MaxFinalists"/>) are scored again on a second, independently seeded fold assignment,
/// and the pick is the best mean over both assignments (a repeated cross-validation of the finalists only),
/// or a simpler finalist within one standard error of it (see <see cref="Simplest"/>).
/// Holdout (large) data skips it: one big validation set is not noisy enough to need it.
/// </summary>
internal sealed class FinalistCheck(TrialEvaluator evaluator, string metric, AutoMLSettings settings)
{
    public const int MaxFinalists = 6;
    /// <summary>Share of a time budget the check may take; finalists that do not fit are dropped, weakest first.</summary>
    public const double BudgetShare = 0.15;

    public static bool Applies(TrialEvaluator evaluator) => evaluator.Validation.IsCrossValidation;

    /// <summary>Finalists scored on the second assignment by <see cref="Choose"/>.</summary>
    public int Rescored { get; private set; }

    /// <summary>How the pick was made, for the validation description; null when the check did not run.</summary>
    public string? Description => Rescored < 2 ? null
        : $"best of {Rescored} finalists over a second seeded fold assignment";

    /// <summary>
    /// The finalists: the search's best (see <see cref="PairedGain"/>), then each other trainer's best, then the
    /// next best trials. Under a time budget, cut to what fits in <see cref="BudgetShare"/> of it by their measured times.
    /// </summary>
    public IReadOnlyList<SearchWinner> Finalists(SearchWinner? best, IReadOnlyList<SearchWinner> completed)
    {
        if (best is null) return [];
        var chosen = Contenders(best, completed, Loss, MaxFinalists);
        if (chosen.Count < 2) return [];
        if (settings.MaxTrials is not null) return chosen;
        var allowance = BudgetShare * settings.TrainingTimeSeconds;
        var spent = 0.0;
        return chosen.TakeWhile(w => (spent += w.Trial.Seconds) <= allowance).ToList() is { Count: >= 2 } fit ? fit : [];
    }

    /// <summary>
    /// The best, then each other trainer's best, then the next best trials, at most <paramref name="max"/>: diverse
    /// contenders, since the neighbours of one configuration mostly share its luck on the validation rows.
    /// </summary>
    internal static List<SearchWinner> Contenders(SearchWinner best, IReadOnlyList<SearchWinner> completed, Func<SearchWinner, double> loss, int max)
    {
        var ranked = completed.Where(w => w != best).OrderBy(loss).ThenBy(w => w.Trial.Number).ToList();
        var leaders = ranked.Where(w => w.State != best.State).GroupBy(w => w.State).Select(g => g.First()).ToList();
        return leaders.Concat(ranked.Except(leaders)).Prepend(best).Take(max).ToList();
    }

    /// <summary>Seconds to keep for the check at the end of the search.</summary>
    public double Reserve(SearchWinner? best, IReadOnlyList<SearchWinner> completed) => Finalists(best, completed).Sum(w => w.Trial.Seconds);

    /// <summary>
    /// Scores the finalists on a fresh fold assignment and returns the best over both assignments, with its
    /// metrics averaged over both. A finalist whose rescoring fails or runs out of time keeps out of the pick.
    /// </summary>
    public SearchWinner Choose(SearchWinner best, IReadOnlyList<SearchWinner> completed, int[] rows, int[]? classOfRow,
        Func<TimeSpan?> remaining, CancellationToken token)
    {
        var finalists = Finalists(best, completed);
        if (finalists.Count < 2) return best;
        var second = evaluator.Resplit(ValidationPlan.Create(rows, classOfRow, unchecked(settings.Seed * 7919 + 17)));
        var scored = new List<(SearchWinner Winner, double Loss)>();
        foreach (var finalist in finalists)
        {
            token.ThrowIfCancellationRequested();
            var timeout = remaining();
            if (timeout is { } t && t <= TimeSpan.Zero) break;
            TrialOutcome? rescored;
            try
            {
                var (status, result) = TrialWatchdog.Run(c => second.Evaluate(finalist.State.Candidate, finalist.Config, c), timeout, token);
                rescored = status == TrialWatchdog.Status.Completed ? result : null;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested) { throw; }
            catch (Exception) { rescored = null; }
            if (rescored?.Mean.GetValueOrDefault(metric, double.NaN) is not double value || !double.IsFinite(value)) continue;

            Rescored++;
            var combined = Average(finalist.Outcome, rescored);
            var loss = MetricCatalog.ToLoss(metric, combined.Mean[metric]);
            scored.Add((finalist with { Outcome = combined }, loss));
        }
        return scored.Count == 0 ? best : Simplest(scored);
    }

    /// <summary>
    /// The one-standard-error rule (as in CART and "The Elements of Statistical Learning", 7.10): the best
    /// linear finalist wins when its loss is within one standard error of the best's, since on small data a
    /// linear model's score varies less from sample to sample than a tree ensemble's; otherwise the best wins.
    /// </summary>
    internal static SearchWinner Simplest(IReadOnlyList<(SearchWinner Winner, double Loss)> scored)
    {
        var best = scored.MinBy(s => s.Loss);
        var se = SampleStats.StandardError(best.Winner.Outcome.FoldLosses);
        var linear = scored.Where(s => s.Winner.State.Candidate.IsLinear && s.Loss <= best.Loss + se).ToList();
        return linear.Count > 0 ? linear.MinBy(s => s.Loss).Winner : best.Winner;
    }

    private double Loss(SearchWinner w) => MetricCatalog.ToLoss(metric, w.Trial.Metric);

    /// <summary>Both assignments have the same fold count, so the mean over all folds is the mean of the two means.</summary>
    private static TrialOutcome Average(TrialOutcome a, TrialOutcome b)
    {
        var mean = a.Mean.Keys.Where(b.Mean.ContainsKey).ToDictionary(k => k, k => (a.Mean[k] + b.Mean[k]) / 2);
        var std = a.StdDev.Keys.Where(b.StdDev.ContainsKey).ToDictionary(k => k, k => Math.Sqrt((a.StdDev[k] * a.StdDev[k] + b.StdDev[k] * b.StdDev[k]) / 2));
        return a with { Mean = mean, StdDev = std, FoldLosses = [.. a.FoldLosses, .. b.FoldLosses] };
    }
}
