using System.Diagnostics;
using Microsoft.ML;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Featurization;
using MlOps.Engine.Importance;
using MlOps.Engine.Metrics;
using MlOps.Engine.Replay;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;
using MlOps.Engine.Validation;

namespace MlOps.Engine;

/// <summary>
/// The AutoML entry point: type the data, plan featurization, search trainers and hyperparameters
/// (ECI + FLOW2) within the budget, refit the winner on all training rows and score it on test data.
/// </summary>
public static class AutoMLEngine
{
    /// <summary>Fraction of the training rows held out for test metrics when no test file is given.</summary>
    public const double TestHoldoutFraction = 0.2;

    public static AutoMLResult Run(TabularData train, TabularData? test, DataSchema schema, AutoMLSettings settings,
        Action<TrialResult>? onTrialCompleted = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        // The budget covers the caller's whole command: what it already spent (loading) is not the engine's.
        settings = settings with { TrainingTimeSeconds = Math.Max(0, settings.TrainingTimeSeconds - settings.ElapsedSeconds), ElapsedSeconds = 0 };
        if (settings.Task != schema.Task)
            throw new ArgumentException($"The settings ask for {settings.Task} but the schema was inferred for {schema.Task}.", nameof(settings));
        var metric = MetricCatalog.Resolve(settings.Task, settings.Metric);
        var table = TypedTable.Build(train, schema, includeLabel: true);
        var testTable = test is null ? null : TypedTable.Build(test, schema, includeLabel: true);
        if (table.Rows.Length < 2)
            throw new MlOpsException(ErrorCodes.TrainingFailed, $"The training data has {table.Rows.Length} row(s) with a label; at least 2 are needed.", train.Path);

        // Without a test file, a seeded stratified holdout is set aside before the search ever sees it.
        var (searchRows, holdoutRows) = testTable is null
            ? FoldAssignment.Holdout(table.Rows, table.ClassOfRow, TestHoldoutFraction, new Random(settings.Seed))
            : (table.Rows, Array.Empty<int>());
        var plan = FeaturizationPlan.Create(schema, table, searchRows, settings.OnnxExportable);
        if (plan.IsEmpty)
            throw new MlOpsException(ErrorCodes.TrainingFailed, "No feature columns are left to train on (all are ignored, empty or constant).", train.Path);

        var trainers = TrainerPortfolio.Select(settings.Task, settings.Trainers, HasNegativeLabel(table, schema), plan,
            schema.LabelClasses?.Count ?? 0);
        var validation = ValidationPlan.Create(searchRows, table.ClassOfRow, settings.Seed);
        // Threads, parallel folds and the memory cap are decided there (see EvaluatorFactory).
        var evaluator = EvaluatorFactory.Create(table, train, validation, plan, settings, metric, schema.Label, schema.LabelClasses?.Count ?? 0);
        var context = evaluator.Context;
        var warnings = MemoryCheck.AfterLoad(evaluator.Memory!, train.Path);
        var states = trainers.Select((t, i) => new TrainerSearchState(t, PipelineFactory.Space(plan, t, context), context, settings.Seed * 31 + i + 1)
            // On text alone linear trainers go first; beside numeric or categorical columns the usual order stays (trees first).
            { Leads = plan.IsTextOnly && t.IsLinear }).ToList();

        var finalists = FinalistCheck.Applies(evaluator) ? new FinalistCheck(evaluator, metric, settings) : null;
        var rungs = evaluator.Schedule is { } schedule ? new RowRungs(evaluator, metric, schedule, cancellationToken) : null;
        var search = new SearchLoop(states, evaluator, metric, settings, validation.Splits.Count, onTrialCompleted, cancellationToken)
            { Finalists = finalists, Rungs = rungs };
        search.Run(clock);
        var searchSeconds = clock.Elapsed.TotalSeconds;
        var best = search.Best ?? throw new MlOpsException(ErrorCodes.NoTrialCompleted,
            $"No trial completed ({search.Trials.Count} failed). First error: {search.Trials.FirstOrDefault()?.Error ?? "no trial ran"}", train.Path);
        // Under a trial budget the check never times out, so the pick cannot depend on the clock.
        var budget = TimeSpan.FromSeconds(settings.TrainingTimeSeconds);
        Func<TimeSpan?> remaining = () => settings.MaxTrials is null ? budget - clock.Elapsed - search.RefitReserve() : null;
        best = finalists?.Choose(best, search.Completed, searchRows, table.ClassOfRow, remaining, cancellationToken) ?? best;
        best = rungs?.Climb(search, best, search.Completed, remaining, cancellationToken) ?? best;

        cancellationToken.ThrowIfCancellationRequested();
        var timeCap = settings.MaxTrials is null ? RefitTimeCap(rungs, evaluator, best, testTable is null, settings.TrainingTimeSeconds, clock.Elapsed, train.Path) : null;
        var ml = new MLContext(settings.Seed);
        var testSource = testTable is not null ? test!.Path
            : $"seeded {(table.ClassOfRow is null ? "" : "stratified ")}holdout: {holdoutRows.Length} of {table.Rows.Length} training rows ({TestHoldoutFraction * 100:0}%), not seen by the search";
        // A trial's model scores the internal holdout only when it fitted all the search rows (not a subsample).
        var final = FinalModel.Fit(ml, evaluator, best.State.Candidate, best.Config, rungs is null ? best.Outcome.Model : null, schema, table, searchRows, holdoutRows,
            testTable, metric, settings.Seed,
            // A trial budget promises identical metrics.json files: PFI then ignores the clock.
            () => settings.MaxTrials is null ? PermutationImportance.Allowance(settings.TrainingTimeSeconds, clock.Elapsed) : null, cancellationToken);

        return new AutoMLResult
        {
            Context = ml,
            Model = final.Model,
            InputSchema = table.View().Schema,
            ScoringInput = table.FeatureView(schema.Label),
            Metric = metric,
            BestTrial = best.Trial,
            Trials = search.Trials,
            Featurization = plan.Describe(best.State.Candidate.IsLinear, PipelineFactory.CodedOneHot(best.Config)),
            ValidationMethod = string.Join("; ", new[] { validation.Description, evaluator.Schedule?.Describe(), rungs?.Description, finalists?.Description }.OfType<string>()),
            ValidationMetrics = best.Outcome.Mean,
            TestMetrics = final.TestMetrics,
            TestSource = testSource,
            SearchSeconds = searchSeconds,
            // The settings the final fit used (on large data its leaf count scaled to its rows), so a replay refits that very model.
            Recipe = RecipeCodec.Capture(best.State.Candidate, MinLeafScaling.At(best.Config, evaluator.LastFitRows, evaluator.Schedule), plan, schema,
                evaluator.LastFitRows < evaluator.RefitRows ? evaluator.LastFitRows : null),
            Warnings = [.. warnings, .. timeCap is null ? [] : new[] { timeCap }, .. MemoryCheck.AfterRefit(evaluator, best.State.Candidate.Name, train.Path)],
            FeatureImportance = final.Importance.Columns,
            FeatureImportanceMethod = final.Importance.Method,
            Charts = final.Charts,
        };
    }

    /// <summary>
    /// Large data under a time budget: when the refit on all rows (twice without a test file: the holdout's model too)
    /// would not end within the budget, less the importance's minimum share, it fits the most rows that do, never fewer
    /// than the winner's trial fitted, and says so (MLOPS3032).
    /// </summary>
    private static MlOpsWarning? RefitTimeCap(RowRungs? rungs, TrialEvaluator evaluator, SearchWinner best, bool holdout, double budgetSeconds, TimeSpan elapsed, string? file)
    {
        if (rungs is null) return null;
        var left = budgetSeconds * (1 - PermutationImportance.MinBudgetShare) - elapsed.TotalSeconds;
        var rows = evaluator.RowsFitAfterSearch(best.State.Candidate) / (holdout ? 2 : 1);
        var fits = holdout ? 2 : 1;
        if (rungs.RowsWithin(best, rows, fits, left / 1.1) is not int cap) return null;
        evaluator.RefitLimit = cap;
        var needed = fits * rungs.SecondsAt(best, rows);
        return new MlOpsWarning(ErrorCodes.RefitRowsCappedByTime, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The final model was fitted on a seeded sample of {cap} of {evaluator.RefitRows} training rows: by the measured time per row of the winning configuration, all rows would take about {needed:0} s, and {Math.Max(0, left):0} s of MlOpsTrainingTime were left. Raise MlOpsTrainingTime to fit all rows."), file);
    }

    private static bool HasNegativeLabel(TypedTable table, DataSchema schema) =>
        schema.Task == MlTask.Regression && table.Rows.Any(r => ((SingleColumn)table.Find(schema.Label)).Values[r] < 0);
}
