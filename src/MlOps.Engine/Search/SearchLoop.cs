using System.Diagnostics;
using MlOps.Engine.Execution;
using MlOps.Engine.Metrics;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Search;

/// <summary>The winning trial of a search, with what the refit needs.</summary>
internal sealed record SearchWinner(TrialResult Trial, TrainerSearchState State, Configuration Config, TrialOutcome Outcome);

/// <summary>
/// Runs trials until the time budget or the trial budget is used: ECI picks the trainer, its FLOW2
/// proposes the configuration, the watchdog enforces the deadline. Under a trial budget the ECI cost
/// is the deterministic cost proxy (not measured time), so the same seed proposes the same sequence.
/// The search stops early enough to leave time for the winner's refit on all rows (see <see cref="RefitReserve"/>).
/// </summary>
internal sealed class SearchLoop(
    IReadOnlyList<TrainerSearchState> states, TrialEvaluator evaluator, string metric, AutoMLSettings settings,
    int folds, Action<TrialResult>? onTrialCompleted, CancellationToken token)
{
    private readonly Random _random = new(settings.Seed);
    private readonly List<TrialResult> _trials = [];
    private readonly List<SearchWinner> _completed = [];
    private SearchWinner? _best;

    public IReadOnlyList<TrialResult> Trials => _trials;
    public SearchWinner? Best => _best;
    /// <summary>Every complete (not pruned) trial, kept for the <see cref="FinalistCheck"/> (cross-validated data) or the <see cref="RowRungs"/> (large data).</summary>
    public IReadOnlyList<SearchWinner> Completed => _completed;
    /// <summary>Set when the finalists are checked after the search: the search then leaves time for it.</summary>
    public FinalistCheck? Finalists { get; init; }
    /// <summary>Set on large data: the best configurations climb to more rows after the search, which leaves time for it.</summary>
    public RowRungs? Rungs { get; init; }

    public void Run(Stopwatch clock)
    {
        var budget = TimeSpan.FromSeconds(Math.Max(0, settings.TrainingTimeSeconds));
        var excluded = new HashSet<TrainerSearchState>();
        while (true)
        {
            token.ThrowIfCancellationRequested();
            if (settings.MaxTrials is int max && _trials.Count >= max) return;
            var remaining = budget - clock.Elapsed - RefitReserve()
                - TimeSpan.FromSeconds(Finalists?.Reserve(_best, _completed) ?? (settings.MaxTrials is null ? Rungs?.Reserve(_best, _completed) : null) ?? 0);
            // Past the deadline only a search without any model yet may go on, and only with untried initial points.
            var mustFindModel = _best is null;
            if (remaining <= TimeSpan.Zero && !mustFindModel) return;

            var candidates = states.Where(s => !excluded.Contains(s) && (!mustFindModel || remaining > TimeSpan.Zero || s.Trials == 0)).ToList();
            var state = DefaultPhase(candidates) ?? EciSelector.Choose(candidates, _random);
            if (state is null) return;
            // Defaults of the leading trainer get a generous allowance (estimates learned from its tiny initial point
            // overrate big configurations); others only what their deadline (half the remaining time) can hold.
            var leads = _best is null || _best.State == state;
            var config = state.ProposeNew(settings.MaxTrials is null ? remaining.TotalSeconds * (leads ? 2 : 0.5) : null);

            // Estimates come from the trainer's own trials only: initial points are cheap by design, and
            // cost proxies are not comparable across trainer families.
            // Defaults were checked against the budget when proposed; they run under a shorter deadline instead (below).
            var isDefault = state.IsDefault(config);
            // The 25% margin: a trial cut at the deadline wastes its time and, as it cannot be stopped at once, slows the refit.
            if (!mustFindModel && !isDefault && state.EstimateSeconds(config) is { } estimate && 1.25 * estimate > remaining.TotalSeconds)
            {
                // Under a trial budget skipping to another trainer would make the sequence depend on timing: stop instead.
                if (settings.MaxTrials is not null) return;
                // Too expensive for what is left: tell its search (it moves toward cheaper points) and try another trainer.
                state.Record(config, double.PositiveInfinity, 0, 0);
                excluded.Add(state);
                continue;
            }
            // A default is a large jump from what the trainer has run so far, so its estimate is rough: it may use at
            // most half of what is left (under a trial budget: all of it, as timing must not change the sequence).
            var winner = RunTrial(evaluator, state, config, mustFindModel ? null : isDefault && settings.MaxTrials is null ? remaining / 2 : remaining, search: true);
            // A pruned trial's metric is one fold's: it is reported, but never wins.
            if (winner is null) continue;
            if (Finalists is not null || Rungs is not null) _completed.Add(winner);
            if (_best is null || Improves(winner.Outcome, Loss(winner))) _best = winner;
        }
    }

    /// <summary>
    /// Zero-shot phase: a trainer's robust defaults run right after its initial point (which calibrates their
    /// time estimate), before the next trainer's initial point and long before the deadline, so a good model
    /// exists early; ECI then spends the rest of the budget on local search around the best of them. If several
    /// trainers have defaults pending, the cheapest goes first (estimated seconds; the cost proxy under a trial budget).
    /// </summary>
    private TrainerSearchState? DefaultPhase(List<TrainerSearchState> candidates)
    {
        return candidates.Where(s => s.Trials > 0 && !s.Disabled && s.NextDefault is not null)
            .OrderBy(s => settings.MaxTrials is null ? s.EstimateSeconds(s.NextDefault!) ?? 0 : s.Candidate.Cost(s.NextDefault!, s.Context))
            .FirstOrDefault();
    }

    /// <summary>
    /// Time to keep for the fits of the current winner after the search: its fold-0 fit time scaled by the rows
    /// fitted after the search over the rows it fitted then, plus its scoring time (they also score the test data),
    /// with a margin. Zero before any winner.
    /// </summary>
    internal TimeSpan RefitReserve()
    {
        if (_best is null) return TimeSpan.Zero;
        var rows = Math.Max(evaluator.RowsFitAfterSearch(_best.State.Candidate), _best.Outcome.FitRows);
        // On large data the rungs measure how time grows with rows (under a trial budget no probe runs: nothing waits on
        // the clock), and the refit keeps at most a share of the budget: beyond it, it fits the rows that share holds
        // (see AutoMLEngine.RefitTimeCap) rather than starve the search.
        if (Rungs is not null && settings.MaxTrials is null)
            return TimeSpan.FromSeconds(Math.Min(0.25 + 1.1 * Rungs.SecondsAt(_best, rows), RowRungs.RefitBudgetShare * settings.TrainingTimeSeconds));
        return TimeSpan.FromSeconds(0.25 + 1.1 * _best.Outcome.SecondsAt(rows));
    }

    private double Loss(SearchWinner winner) => MetricCatalog.ToLoss(metric, winner.Trial.Metric);

    /// <summary>Whether a trial replaces the best so far: a lower loss, and on cross-validated data a clear paired gain.</summary>
    private bool Improves(TrialOutcome challenger, double loss)
    {
        var best = _best!;
        return loss < Loss(best) && PairedGain.IsClear(challenger.FoldLosses, best.Outcome.FoldLosses);
    }

    /// <summary>
    /// Runs and reports one trial on <paramref name="on"/> (the search's evaluator, or a rung of more rows); the winner
    /// it makes when complete, else null. Only the search's trials teach the trainer's search (<paramref name="search"/>).
    /// </summary>
    internal SearchWinner? RunTrial(TrialEvaluator on, TrainerSearchState state, Configuration config, TimeSpan? timeout, bool search)
    {
        var number = _trials.Count + 1;
        var started = Stopwatch.StartNew();
        TrialOutcome? outcome = null;
        string? error = null;
        var bar = search ? RaceBar.From(_best?.Outcome) : null;
        try
        {
            var (status, result) = TrialWatchdog.Run(c => on.Evaluate(state.Candidate, config, c, bar), timeout, token);
            if (status == TrialWatchdog.Status.TimedOut) error = "stopped: the time budget ran out";
            else outcome = result;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { throw; }
        catch (Exception e) { error = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}"; }
        var seconds = started.Elapsed.TotalSeconds;

        var value = outcome?.Mean.GetValueOrDefault(metric, double.NaN) ?? double.NaN;
        if (error is null && !double.IsFinite(value)) error = $"{metric} is undefined on the validation data";
        var loss = error is null ? MetricCatalog.ToLoss(metric, value) : double.PositiveInfinity;
        var pruned = error is null && outcome!.Pruned;
        var cost = settings.MaxTrials is null ? seconds : state.Candidate.Cost(config, state.Context) * folds;
        // A pruned trial ran one fold: its full-trial time, for the trainer's cost estimates, is scaled up.
        if (search) state.Record(config, loss, cost, pruned ? seconds * evaluator.FoldsInSequence : seconds);

        var hyperparameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Normalization"] = state.Candidate.IsLinear ? "MinMax" : "None",
        };
        // On more rows than the search fits, the leaf count the fit used (see MinLeafScaling).
        var used = outcome is null ? config : MinLeafScaling.At(config, outcome.FitRows, on.Schedule);
        foreach (var (name, setting) in used.Describe()) hyperparameters[name] = setting;
        // On large data each trial says how many rows it fitted (its rung).
        if (on.Schedule is not null && outcome is not null) hyperparameters["TrainingRows"] = outcome.FitRows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var trial = new TrialResult
        {
            Number = number,
            Trainer = state.Candidate.Name,
            Hyperparameters = hyperparameters,
            Metric = error is null ? value : double.NaN,
            MetricStdDev = error is null ? outcome!.StdDev.GetValueOrDefault(metric, 0) : 0,
            Seconds = seconds,
            Error = error,
            Metrics = error is null ? outcome!.Mean : null,
            Pruned = pruned,
        };
        _trials.Add(trial);
        onTrialCompleted?.Invoke(trial);
        return error is null && !pruned ? new SearchWinner(trial, state, config, outcome!) : null;
    }
}
