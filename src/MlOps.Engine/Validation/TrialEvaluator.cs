using System.Diagnostics;
using Microsoft.ML;
using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Featurization;
using MlOps.Engine.Metrics;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Validation;

/// <summary>
/// Validation result of one configuration. Model is kept only for a single holdout (it is reused for the
/// test holdout). Pruned: only fold 0 ran (see <see cref="RaceBar"/>), so Mean is that fold's metrics.
/// FoldSeconds: wall time of fold 0's fit + scoring, the unit the refit estimate scales from (fold 0 runs
/// alone, so it is not inflated by the folds that share the cores later). FitRows and FitSeconds: the rows fold 0
/// fitted and the time of the fit alone (the rest of FoldSeconds is scoring, which more training rows do not slow).
/// BlockLosses: on a single holdout scored in blocks (the rungs on large data, see <see cref="TrialEvaluator.AtRows"/>),
/// the loss on each block of its validation rows, for a paired comparison of two trials on the same rows; else null.
/// </summary>
internal sealed record TrialOutcome(Dictionary<string, double> Mean, Dictionary<string, double> StdDev, ITransformer? Model,
    double[] FoldLosses, bool Pruned, double FoldSeconds, int FitRows = 0, double FitSeconds = 0, double[]? BlockLosses = null)
{
    /// <summary>Fold 0's time had it fitted <paramref name="rows"/> rows: the fit scaled linearly with the rows, the scoring as it was.</summary>
    public double SecondsAt(int rows) => FitRows == 0 ? FoldSeconds : FitSeconds * rows / FitRows + (FoldSeconds - FitSeconds);
}

/// <summary>
/// Fits and scores one configuration on every split of the <see cref="ValidationPlan"/>: fold 0 alone
/// first (the racing checkpoint), then the other folds <paramref name="workers"/> at a time. Each fold has
/// its own seeded MLContext and single-threaded trainers when folds run side by side, so the outcome does
/// not depend on how many run at once.
/// </summary>
internal sealed class TrialEvaluator(TypedTable table, ValidationPlan validation, FeaturizationPlan plan, TrainerContext context,
    string metric, int workers, RowSampler sampler)
{
    /// <summary>One fold at a time, no racing metric and no row cap (e.g. replaying a single recorded trial).</summary>
    public TrialEvaluator(TypedTable table, ValidationPlan validation, FeaturizationPlan plan, TrainerContext context)
        : this(table, validation, plan, context, string.Empty, 1, new RowSampler(0, null, 0)) { }

    public ValidationPlan Validation => validation;
    /// <summary>The same evaluator on other splits of the same rows (see FinalistCheck).</summary>
    public TrialEvaluator Resplit(ValidationPlan other) => Copy(other, SearchRows);
    /// <summary>
    /// The same evaluator with folds fitted on <paramref name="rows"/> rows (a rung of the <see cref="RowSchedule"/>); on a
    /// single holdout it also scores its validation rows in <paramref name="blocks"/> blocks (<see cref="TrialOutcome.BlockLosses"/>).
    /// </summary>
    public TrialEvaluator AtRows(int rows, int blocks = 0) => Copy(validation, rows, blocks);
    private TrialEvaluator Copy(ValidationPlan splits, int? searchRows, int blocks = 0) =>
        new(table, splits, plan, context, metric, workers, sampler)
        {
            RefitRows = RefitRows, Schedule = Schedule, SearchRows = searchRows, Memory = Memory, Cache = Cache, Blocks = blocks,
        };
    /// <summary>Blocks a single holdout's validation rows are also scored in; 0 = none.</summary>
    private int Blocks { get; init; }
    /// <summary>Featurized rows shared across trials (text data); null = featurize in every fit.</summary>
    public FeatureCache? Cache { get; init; }
    public TrainerContext Context => context;
    /// <summary>Rows of the final refit.</summary>
    public int RefitRows { get; init; }
    /// <summary>Large data: the rungs of rows trials climb (see <see cref="Search.RowRungs"/>); null = every fit uses all rows.</summary>
    public RowSchedule? Schedule { get; init; }
    /// <summary>Rows each fold's fit uses on large data (the <see cref="RowSchedule"/>'s rung); null = all the fold's rows.</summary>
    public int? SearchRows { get; init; }
    /// <summary>Measures every fit and caps its rows under the memory ceiling; null = no ceiling (replay).</summary>
    public MemoryBudget? Memory { get; init; }
    /// <summary>Most rows of a fit after the search, when all rows would not fit in the time budget; null = no limit.</summary>
    public int? RefitLimit { get; set; }
    /// <summary>Rows the last <see cref="Fit"/> used (below the rows asked for when the memory ceiling capped it).</summary>
    public int LastFitRows { get; private set; }
    /// <summary>
    /// Rows of every fit after the search, for its time reserve: the final refit, plus, without a test file
    /// and with cross-validation, the refit on the search rows that scores the internal holdout.
    /// </summary>
    public int RowsFitAfterSearch(TrainerCandidate trainer)
    {
        var searchRows = validation.Splits[0].Train.Length + validation.Splits[0].Valid.Length;
        // A trial's model is reused for the internal holdout only when it was fitted on all of a single split's rows.
        var holdoutRefit = (validation.IsCrossValidation || SearchRows is not null) && searchRows < RefitRows ? Math.Min(searchRows, sampler.Cap ?? int.MaxValue) : 0;
        return Math.Min(RefitTrainRows, MemoryCap(trainer, RefitRows) ?? int.MaxValue) + holdoutRefit;
    }
    public int Workers => Math.Max(1, workers);
    /// <summary>Wall time of a full trial relative to one fold: fold 0 alone, then the rest side by side.</summary>
    public double FoldsInSequence => 1 + Math.Ceiling((validation.Splits.Count - 1) / (double)Workers);
    public int RefitTrainRows => Math.Min(RefitRows, sampler.Cap ?? int.MaxValue);

    private int? MemoryCap(TrainerCandidate trainer, int wanted) => Memory?.RowCap(trainer.Name, wanted);

    /// <summary>The rows a fit of <paramref name="trainer"/> uses: at most <paramref name="limit"/>, the fixed cap and the memory cap.</summary>
    private int[] FitRows(TrainerCandidate trainer, int[] rows, int? limit)
    {
        var wanted = Math.Min(rows.Length, limit ?? int.MaxValue);
        return sampler.Sample(rows, Math.Min(wanted, MemoryCap(trainer, wanted) ?? int.MaxValue));
    }

    /// <summary>A fit under the memory budget's measurement (when there is one).</summary>
    private T Measured<T>(TrainerCandidate trainer, int rows, Func<T> fit) => Memory is null ? fit() : Memory.Measure(trainer.Name, rows, fit);

    /// <summary>
    /// Fits a configuration on <paramref name="rows"/> and scores <paramref name="scoreRows"/> with it. Text is fitted in
    /// two parts, the featurizer and then the trainer on featurized rows taken from <paramref name="cache"/> when a trial
    /// already made them; each part gets a fresh seeded context, so the model is the same with or without the cache.
    /// </summary>
    private (ITransformer Model, IDataView? Scored) FitAndScore(MLContext ml, TrainerCandidate trainer, Configuration config, int[] rows,
        int[] scoreRows, Func<MLContext> newContext, FeatureCache? cache, Action? fitted = null)
    {
        config = MinLeafScaling.At(config, rows.Length, Schedule);
        if (!plan.HasText)
        {
            var pipeline = PipelineFactory.Build(ml, plan, trainer, config, context);
            var model = Measured(trainer, rows.Length, () => pipeline.Fit(table.View(rows)));
            fitted?.Invoke();
            return (model, scoreRows.Length == 0 ? null : model.Transform(table.View(scoreRows)));
        }
        var featurized = Featurize(trainer, config, rows, scoreRows, newContext, cache);
        var head = Measured(trainer, rows.Length, () => PipelineFactory.Head(newContext(), trainer, config, context).Fit(featurized.View(rows)));
        fitted?.Invoke();
        return (featurized.Featurizer.Append(head), scoreRows.Length == 0 ? null : head.Transform(featurized.View(scoreRows)));
    }

    public TrialOutcome Evaluate(TrainerCandidate trainer, Configuration config, TrialCancellation cancellation, RaceBar? bar = null)
    {
        var count = validation.Splits.Count;
        var folds = new Dictionary<string, double>[count];
        var seconds = new double[count];
        var fitSeconds = 0.0;
        var fitRows = FitRows(trainer, validation.Splits[0].Train, SearchRows).Length;
        ITransformer? model = null;
        double[]? blockLosses = null;
        model = RunFold(0);
        if (bar is not null && bar.Prunes(Loss(folds[0])))
            return new TrialOutcome(folds[0], folds[0].ToDictionary(kv => kv.Key, _ => 0.0), null, [Loss(folds[0])], true, seconds[0], fitRows, fitSeconds);
        if (count > 1)
        {
            try
            {
                Parallel.For(1, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, k => RunFold(k));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
        var (mean, std) = MetricsCalculator.Aggregate(folds);
        return new TrialOutcome(mean, std, validation.IsCrossValidation ? null : model,
            folds.Select(Loss).ToArray(), false, seconds[0], fitRows, fitSeconds, blockLosses);

        ITransformer RunFold(int k)
        {
            cancellation.ThrowIfCancelled();
            var clock = Stopwatch.StartNew();
            var (train, valid) = validation.Splits[k];
            var ml = cancellation.NewContext(context.Seed);
            var (fitted, scored) = FitAndScore(ml, trainer, config, FitRows(trainer, train, SearchRows), valid,
                () => cancellation.NewContext(context.Seed), Cache, () => { if (k == 0) fitSeconds = clock.Elapsed.TotalSeconds; });
            cancellation.ThrowIfCancelled();
            folds[k] = MetricsCalculator.Evaluate(ml, context.Task, scored!, context.Label);
            seconds[k] = clock.Elapsed.TotalSeconds;
            if (Blocks > 1 && count == 1) blockLosses = BlockLossesOf(ml, scored!, valid.Length);
            return fitted;
        }
    }

    /// <summary>
    /// Text: the featurizer fitted on the fit rows and the featurized fit and scoring rows, from the cache when
    /// a trial already made them. Each part gets its own fresh, seeded context, so a model is the same whether
    /// its featurized rows came from the cache or not (and the same as <see cref="Fit"/>'s on the same rows).
    /// </summary>
    private FeaturizedRows Featurize(TrainerCandidate trainer, Configuration config, int[] fitRows, int[] otherRows, Func<MLContext> newContext,
        FeatureCache? cache)
    {
        FeaturizedRows Make()
        {
            var ml = newContext();
            return FeaturizedRows.Create(ml, PipelineFactory.Featurizer(ml, plan, trainer, config), table, context.Label, fitRows, otherRows);
        }
        return cache is null ? Make()
            : cache.GetOrAdd($"{RowsKey(fitRows)}/{RowsKey(otherRows)}; {PipelineFactory.FeaturizerKey(trainer, config)}", Make);
    }

    /// <summary>Identity of a row set (count and an order-sensitive hash), so splits and samples of any kind get their own entries.</summary>
    private static string RowsKey(int[] rows)
    {
        var hash = new HashCode();
        foreach (var r in rows) hash.Add(r);
        return $"{rows.Length}:{hash.ToHashCode():x8}";
    }

    /// <summary>
    /// The loss on each of <see cref="Blocks"/> consecutive blocks of the scored validation rows (themselves a seeded
    /// sample, so each block is one too). Scoring is lazy, so a block's skipped rows are passed over, not scored (ML.NET's
    /// SkipRows takes only a positive count).
    /// </summary>
    private double[] BlockLossesOf(MLContext ml, IDataView scored, int rows)
    {
        var size = (long)Math.Ceiling(rows / (double)Blocks);
        return Enumerable.Range(0, Blocks)
            .Select(b => ml.Data.TakeRows(b == 0 ? scored : ml.Data.SkipRows(scored, b * size), size))
            .Select(block => Loss(MetricsCalculator.Evaluate(ml, context.Task, block, context.Label)))
            .ToArray();
    }

    private double Loss(Dictionary<string, double> fold) =>
        fold.TryGetValue(metric, out var v) && double.IsFinite(v) ? MetricCatalog.ToLoss(metric, v) : double.PositiveInfinity;

    /// <summary>
    /// Fits a configuration on the given rows (the refit after the search), with the trials' thread count:
    /// on small data extra LightGBM/OpenMP threads gain little and, on a busy machine, their spin-waiting
    /// barriers can make a fit several times slower than single-threaded.
    /// </summary>
    public ITransformer Fit(MLContext ml, TrainerCandidate trainer, Configuration config, int[] rows)
    {
        var fitted = FitRows(trainer, rows, RefitLimit);
        LastFitRows = fitted.Length;
        // Text: the trial's two-part fit, so the refit on a trial's rows reproduces the trial's model. Not cached: no trial reuses these rows.
        return FitAndScore(ml, trainer, config, fitted, [], () => new MLContext(context.Seed), cache: null).Model;
    }
}
