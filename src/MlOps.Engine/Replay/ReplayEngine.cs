using System.Diagnostics;
using Microsoft.ML;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Featurization;
using MlOps.Engine.Importance;
using MlOps.Engine.Metrics;
using MlOps.Engine.Trainers;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Replay;

/// <summary>
/// MlOpsReplay: refits the configuration a manifest recorded, with no search. Single-threaded trainers and
/// the recorded seed make it bit-for-bit repeatable. Its steps mirror <see cref="AutoMLEngine"/>'s after the
/// search (same holdout, validation plan, MLContext use and refit), so replaying a run made under
/// MlOpsMaxTrials on the same data gives the same model bytes.
/// </summary>
public static class ReplayEngine
{
    /// <summary>
    /// The schema replay trains on: the recorded feature columns in recorded order and kind, then the label;
    /// the data's other columns are ignored. A recorded column missing from the data is MLOPS3011.
    /// </summary>
    public static DataSchema AdaptSchema(DataSchema inferred, Manifest source, TabularData train, string manifestPath)
    {
        var recipe = source.Recipe ?? throw new ArgumentException("The manifest has no recipe.", nameof(source));
        if (source.Label != inferred.Label)
            throw RecipeCodec.Incompatible(manifestPath, $"it predicts '{source.Label}' but MlOpsLabelColumn is '{inferred.Label}'");
        if (!string.Equals(source.Task, inferred.Task.ToString(), StringComparison.Ordinal))
            throw RecipeCodec.Incompatible(manifestPath, $"it is a {source.Task} model but this project's task is {inferred.Task}");
        var missing = recipe.Columns.Where(c => train.IndexOf(c.Name) < 0).Select(c => $"'{c.Name}'").ToList();
        if (missing.Count > 0)
            throw RecipeCodec.Incompatible(manifestPath,
                $"the training data has no column {string.Join(", ", missing)} (its columns: {string.Join(", ", train.ColumnNames)})");
        var planned = recipe.Featurization.Numeric.Concat(recipe.Featurization.OneHot).Concat(recipe.Featurization.Text).Concat(recipe.Featurization.Coded ?? [])
            .Concat(recipe.Featurization.Hashed.Select(h => h.Column));
        if (planned.FirstOrDefault(c => recipe.Columns.All(r => r.Name != c)) is { } stray)
            throw RecipeCodec.Incompatible(manifestPath, $"its featurization uses '{stray}', which is not among its columns");

        var recorded = recipe.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var columns = recipe.Columns.Select(c => WithKind(inferred.Find(c.Name), c.Name, c.Kind, "replay: kind recorded in the manifest"))
            .Append(inferred.Find(inferred.Label)!)
            .Concat(inferred.Columns.Where(c => c.Name != inferred.Label && !recorded.Contains(c.Name))
                .Select(c => WithKind(c, c.Name, ColumnKind.Ignored, "replay: not a column of the recorded model")))
            .ToList();
        return new DataSchema
        {
            Label = inferred.Label, Task = inferred.Task, LabelClasses = inferred.LabelClasses, Columns = columns,
            RowCount = inferred.RowCount, MissingLabelRows = inferred.MissingLabelRows,
        };
    }

    /// <summary>Refits <paramref name="recipe"/> on <paramref name="train"/> (schema from <see cref="AdaptSchema"/>) with the recorded seed.</summary>
    public static AutoMLResult Run(TabularData train, TabularData? test, DataSchema schema, TrainingRecipe recipe, int seed, string? metric,
        string manifestPath, Action<TrialResult>? onTrialCompleted = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        metric = MetricCatalog.Resolve(schema.Task, metric);
        var trainer = TrainerPortfolio.Select(schema.Task, null, hasNegativeLabel: false).FirstOrDefault(t => t.Name == recipe.Trainer)
            ?? throw RecipeCodec.Incompatible(manifestPath, $"'{recipe.Trainer}' is not a {schema.Task} trainer of this SDK");
        var table = TypedTable.Build(train, schema, includeLabel: true);
        var testTable = test is null ? null : TypedTable.Build(test, schema, includeLabel: true);
        if (table.Rows.Length < 2)
            throw new MlOpsException(ErrorCodes.TrainingFailed, $"The training data has {table.Rows.Length} row(s) with a label; at least 2 are needed.", train.Path);

        // The same seeded holdout and validation plan as the search, so the one trial is scored as it was then.
        var (searchRows, holdoutRows) = testTable is null
            ? FoldAssignment.Holdout(table.Rows, table.ClassOfRow, AutoMLEngine.TestHoldoutFraction, new Random(seed))
            : (table.Rows, Array.Empty<int>());
        var plan = RecipeCodec.Plan(recipe);
        var validation = ValidationPlan.Create(searchRows, table.ClassOfRow, seed);
        var context = new TrainerContext(schema.Task, schema.Label, FeaturizationPlan.FeaturesColumn,
            schema.LabelClasses?.Count ?? 0, validation.Splits.Min(s => s.Train.Length), Threads: 1, Deterministic: true, Seed: seed,
            FeatureColumns: plan.FeatureColumns);
        var config = RecipeCodec.Restore(recipe, PipelineFactory.Space(plan, trainer, context), manifestPath);
        // One worker and the recorded row cap: the memory cap must not depend on this machine's core count.
        var evaluator = new TrialEvaluator(table, validation, plan, context, metric, workers: 1,
            new RowSampler(train.RowCount, recipe.TrainingRowCap, seed)) { RefitRows = table.Rows.Length };

        var (_, outcome) = TrialWatchdog.Run(c => evaluator.Evaluate(trainer, config, c), null, cancellationToken);
        var trial = Trial(trainer, config, outcome!, metric, clock.Elapsed.TotalSeconds);
        onTrialCompleted?.Invoke(trial);

        cancellationToken.ThrowIfCancellationRequested();
        var ml = new MLContext(seed);
        var final = FinalModel.Fit(ml, evaluator, trainer, config, outcome!.Model, schema, table, searchRows, holdoutRows, testTable,
            metric, seed, () => null, cancellationToken);

        return new AutoMLResult
        {
            Context = ml,
            Model = final.Model,
            InputSchema = table.View().Schema,
            ScoringInput = table.FeatureView(schema.Label),
            Metric = metric,
            BestTrial = trial,
            Trials = [trial],
            Featurization = plan.Describe(trainer.IsLinear, PipelineFactory.CodedOneHot(config)),
            ValidationMethod = validation.Description,
            ValidationMetrics = outcome!.Mean,
            TestMetrics = final.TestMetrics,
            TestSource = testTable is not null ? test!.Path
                : $"seeded {(table.ClassOfRow is null ? "" : "stratified ")}holdout: {holdoutRows.Length} of {table.Rows.Length} training rows ({AutoMLEngine.TestHoldoutFraction * 100:0}%), not used for validation",
            SearchSeconds = 0,
            Recipe = recipe,
            FeatureImportance = final.Importance.Columns,
            FeatureImportanceMethod = final.Importance.Method,
            Charts = final.Charts,
        };
    }

    private static TrialResult Trial(TrainerCandidate trainer, Search.Configuration config, TrialOutcome outcome, string metric, double seconds)
    {
        // The same display as the search's trials, so a replay's hyperparameters compare equal to the original's.
        var hyperparameters = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Normalization"] = trainer.IsLinear ? "MinMax" : "None" };
        foreach (var (name, setting) in config.Describe()) hyperparameters[name] = setting;
        return new TrialResult
        {
            Number = 1, Trainer = trainer.Name, Hyperparameters = hyperparameters,
            Metric = outcome.Mean.GetValueOrDefault(metric, double.NaN), MetricStdDev = outcome.StdDev.GetValueOrDefault(metric, 0),
            Seconds = seconds, Metrics = outcome.Mean,
        };
    }

    private static ColumnSchema WithKind(ColumnSchema? c, string name, ColumnKind kind, string reason) => new()
    {
        Name = name, Kind = kind, Reason = c?.Kind == kind ? c.Reason : reason, MissingRate = c?.MissingRate ?? 0,
        DistinctCount = c?.DistinctCount ?? 0, Categories = c?.Categories, Min = c?.Min, Max = c?.Max, Mean = c?.Mean,
    };
}
