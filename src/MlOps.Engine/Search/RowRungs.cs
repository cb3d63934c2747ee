using MlOps.Engine.Data;
using MlOps.Engine.Metrics;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Search;

/// <summary>
/// The promotion rungs of successive halving on rows (see <see cref="RowSchedule"/>): after the search on the
/// subsample, its best <see cref="RowSchedule.Promoted"/> configurations (the best, then other trainers' bests) fit
/// <see cref="RowSchedule.Factor"/> times the rows on the same validation rows; the best third of them climbs again,
/// while two or more compete. The pick is the best on the highest rung reached. Each promoted fit is a reported
/// trial. Under a time budget a rung runs only what fits, by each contender's time scaled with the rows.
/// </summary>
internal sealed class RowRungs(TrialEvaluator evaluator, string metric, RowSchedule schedule)
{
    /// <summary>How far the climb went, for the validation description; null when no rung ran.</summary>
    public string? Description { get; private set; }

    /// <summary>Seconds to keep for the first promotion rung at the end of the search: the contenders' times scaled by its rows.</summary>
    public double Reserve(SearchWinner? best, IReadOnlyList<SearchWinner> completed)
    {
        if (best is null || schedule.PromotionRungs().FirstOrDefault() is not (> 0 and var rows)) return 0;
        var contenders = FinalistCheck.Contenders(best, completed, Loss, RowSchedule.Promoted);
        return contenders.Count < 2 ? 0 : contenders.Sum(w => Seconds(w, rows));
    }

    /// <param name="remaining">Time left for the rungs (null under a trial budget: every rung runs, as timing must not change the pick).</param>
    public SearchWinner Climb(SearchLoop search, SearchWinner best, IReadOnlyList<SearchWinner> completed, Func<TimeSpan?> remaining, CancellationToken token)
    {
        var contenders = FinalistCheck.Contenders(best, completed, Loss, RowSchedule.Promoted);
        var pick = best;
        foreach (var rows in schedule.PromotionRungs())
        {
            if (contenders.Count < 2) break;
            var rung = evaluator.AtRows(rows);
            var scored = new List<SearchWinner>();
            foreach (var contender in contenders)
            {
                token.ThrowIfCancellationRequested();
                var timeout = remaining();
                // Under a time budget a contender that cannot finish in what is left does not start.
                if (timeout is { } t && Seconds(contender, rows) > t.TotalSeconds) continue;
                if (search.RunTrial(rung, contender.State, contender.Config, timeout, search: false) is { } promoted) scored.Add(promoted);
            }
            if (scored.Count == 0) break;
            // Ties go to the earlier contender, the better one on the rung below.
            pick = scored.OrderBy(Loss).First();
            Description = $"{scored.Count} best refit on {rows} rows";
            contenders = scored.OrderBy(Loss).Take((int)Math.Ceiling(scored.Count / (double)RowSchedule.Factor)).ToList();
        }
        return pick;
    }

    /// <summary>A contender's time on <paramref name="rows"/> rows: its measured fold time scaled with the rows, plus a margin.</summary>
    private static double Seconds(SearchWinner w, int rows) => 1.25 * w.Outcome.FoldSeconds * rows / Math.Max(1, w.Outcome.FitRows);

    private double Loss(SearchWinner w) => MetricCatalog.ToLoss(metric, w.Trial.Metric);
}
