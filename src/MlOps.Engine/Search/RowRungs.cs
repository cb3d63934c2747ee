using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Metrics;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Search;

/// <summary>
/// The promotion rungs of successive halving on rows (see <see cref="RowSchedule"/>): after the search on the
/// subsample, its best <see cref="RowSchedule.Promoted"/> configurations (the best, then other trainers' bests) fit
/// <see cref="RowSchedule.Factor"/> times the rows on the same validation rows; the best third of them climbs again,
/// while two or more compete. The pick is the best on the highest rung reached. Each promoted fit is a reported
/// trial. Under a time budget a rung runs only what fits, by each contender's time scaled with the rows
/// (<see cref="SecondsAt"/>). On a rung the incumbent (the better on the rung below) keeps the pick unless another
/// contender's gain is clear on the same validation rows, scored in <see cref="Blocks"/> blocks (the search's own paired
/// rule, <see cref="PairedGain"/>): two trainers within noise of each other on a hundred thousand rows differ by
/// luck, and a switch on luck is a coin toss on unseen data.
/// </summary>
internal sealed class RowRungs(TrialEvaluator evaluator, string metric, RowSchedule schedule, CancellationToken token)
{
    /// <summary>Most of the budget the search keeps for the refit on large data; a refit that needs more fits fewer rows.</summary>
    public const double RefitBudgetShare = 0.35;
    /// <summary>Rows of the probe fit that measures how a configuration's time grows with rows: a tenth of the first rung.</summary>
    private int ProbeRows => Math.Max(1, schedule.FirstRows / 10);
    private readonly Dictionary<Configuration, double> _secondsPerRow = new(ReferenceEqualityComparer.Instance);
    /// <summary>Blocks of the validation rows a rung's trials are compared on.</summary>
    public const int Blocks = 10;

    /// <summary>How far the climb went, for the validation description; null when no rung ran.</summary>
    public string? Description { get; private set; }

    /// <summary>Seconds to keep for the first promotion rung at the end of the search: the contenders' times scaled by its rows.</summary>
    public double Reserve(SearchWinner? best, IReadOnlyList<SearchWinner> completed)
    {
        if (best is null || schedule.PromotionRungs().FirstOrDefault() is not (> 0 and var rows)) return 0;
        var contenders = FinalistCheck.Contenders(best, completed, Loss, RowSchedule.Promoted);
        return contenders.Count < 2 ? 0 : contenders.Sum(w => Seconds(w, rows));
    }

    /// <summary>
    /// A configuration's fold time had it fitted <paramref name="rows"/> rows, by two measured points: its own trial,
    /// and once per configuration a probe fit on a tenth of the first rung's rows (or, once it climbed a rung, its two trials). The slope between them leaves out
    /// what does not grow with rows (start-up, scoring the fixed validation rows), which a straight scaling of the
    /// trial's time would multiply too: on 3,000,000 rows that overestimated the refit about threefold. The slope is
    /// at least a quarter of the straight one, so a noisy probe cannot make a refit look free.
    /// </summary>
    public double SecondsAt(SearchWinner w, int rows)
    {
        var outcome = w.Outcome;
        if (outcome.FitRows == 0 || rows <= outcome.FitRows) return outcome.SecondsAt(rows);
        if (!_secondsPerRow.TryGetValue(w.Config, out var perRow))
            _secondsPerRow[w.Config] = perRow = Probe(w) is { } probe ? Slope(probe, outcome) : 0.25 * outcome.FitSeconds / outcome.FitRows;
        return outcome.FoldSeconds + perRow * (rows - outcome.FitRows);
    }

    /// <summary>Seconds per row between two trials of one configuration on different rows, at least a quarter of the larger one's straight scaling.</summary>
    private static double Slope(TrialOutcome smaller, TrialOutcome larger) =>
        Math.Max(larger.FitRows > smaller.FitRows ? (larger.FoldSeconds - smaller.FoldSeconds) / (larger.FitRows - smaller.FitRows) : 0,
            0.25 * larger.FitSeconds / Math.Max(1, larger.FitRows));

    /// <summary>
    /// Most rows <paramref name="fits"/> fits of the winner can use in <paramref name="seconds"/> (by <see cref="SecondsAt"/>),
    /// never fewer than its trial fitted; null when all <paramref name="rows"/> fit.
    /// </summary>
    public int? RowsWithin(SearchWinner w, int rows, int fits, double seconds)
    {
        if (fits * SecondsAt(w, rows) <= seconds) return null;
        var perRow = _secondsPerRow.GetValueOrDefault(w.Config);
        if (perRow <= 0) return null;
        var extra = (seconds / fits - w.Outcome.FoldSeconds) / perRow;
        return (int)Math.Clamp(w.Outcome.FitRows + extra, w.Outcome.FitRows, rows);
    }

    /// <summary>The probe fit's outcome; null when it fails or takes longer than the trial did.</summary>
    private TrialOutcome? Probe(SearchWinner w)
    {
        try
        {
            var (status, probe) = TrialWatchdog.Run(c => evaluator.AtRows(ProbeRows).Evaluate(w.State.Candidate, w.Config, c),
                TimeSpan.FromSeconds(w.Outcome.FoldSeconds), token);
            return status == TrialWatchdog.Status.Completed ? probe : null;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { throw; }
        catch (Exception) { return null; }
    }

    /// <param name="remaining">Time left for the rungs (null under a trial budget: every rung runs, as timing must not change the pick).</param>
    public SearchWinner Climb(SearchLoop search, SearchWinner best, IReadOnlyList<SearchWinner> completed, Func<TimeSpan?> remaining, CancellationToken token)
    {
        var contenders = FinalistCheck.Contenders(best, completed, Loss, RowSchedule.Promoted);
        var pick = best;
        foreach (var rows in schedule.PromotionRungs())
        {
            if (contenders.Count < 2) break;
            var rung = evaluator.AtRows(rows, Blocks);
            var scored = new List<SearchWinner>();
            // In rank order, and no further than the first contender that cannot finish in what is left (or fails): a
            // weaker contender scored without the stronger ones would win the rung unopposed.
            foreach (var contender in contenders)
            {
                token.ThrowIfCancellationRequested();
                var timeout = remaining();
                if (timeout is { } t && Seconds(contender, rows) > t.TotalSeconds) break;
                if (search.RunTrial(rung, contender.State, contender.Config, timeout, search: false) is not { } promoted) break;
                scored.Add(promoted);
                // Two trials of one configuration, the larger on this rung: a better slope than the probe's for its refit.
                _secondsPerRow[contender.Config] = Slope(contender.Outcome, promoted.Outcome);
            }
            if (scored.Count == 0) break;
            pick = RungPick(scored);
            Description = $"{scored.Count} best refit on {rows} rows";
            contenders = scored.OrderBy(w => w == pick ? 0 : 1).ThenBy(Loss).Take((int)Math.Ceiling(scored.Count / (double)RowSchedule.Factor)).ToList();
        }
        return pick;
    }

    /// <summary>
    /// The rung's pick: the incumbent (the first scored, the better one on the rung below), unless a contender has a lower
    /// loss and a clear paired gain over it on the validation blocks; of those, the lowest loss (ties to the earlier).
    /// </summary>
    private SearchWinner RungPick(IReadOnlyList<SearchWinner> scored)
    {
        var incumbent = scored[0];
        return scored.Skip(1)
            .Where(w => Loss(w) < Loss(incumbent) && ClearGain(w.Outcome, incumbent.Outcome))
            .OrderBy(Loss)
            .FirstOrDefault() ?? incumbent;
    }

    /// <summary>Whether <paramref name="challenger"/> is clearly better than <paramref name="incumbent"/> block by block; without blocks on both, by loss alone.</summary>
    internal static bool ClearGain(TrialOutcome challenger, TrialOutcome incumbent) =>
        challenger.BlockLosses is { } c && incumbent.BlockLosses is { } i
            ? PairedGain.IsClear(c, i)
            : challenger.FoldLosses.Average() < incumbent.FoldLosses.Average();

    /// <summary>A contender's time on <paramref name="rows"/> rows, with a margin.</summary>
    private double Seconds(SearchWinner w, int rows) => 1.25 * SecondsAt(w, rows);

    private double Loss(SearchWinner w) => MetricCatalog.ToLoss(metric, w.Trial.Metric);
}
