using Microsoft.ML;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Importance;
using MlOps.Engine.Metrics;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;
using MlOps.Engine.Validation;

namespace MlOps.Engine;

/// <summary>
/// What follows the choice of a configuration, the same for the search and for a replay: test metrics (on the test
/// file, or on the seeded holdout with the configuration's model fitted without it), the refit on all training rows,
/// and permutation importance and chart data on the very rows and model the test metrics used.
/// </summary>
internal sealed record FinalModel(ITransformer Model, Dictionary<string, double> TestMetrics, PermutationImportance.Report Importance, TestCharts Charts)
{
    /// <param name="holdoutModel">The trial's model fitted without the holdout (large data), if it kept one.</param>
    /// <param name="importanceAllowance">PFI's time allowance, asked once the refit is done; null = no clock.</param>
    public static FinalModel Fit(MLContext ml, TrialEvaluator evaluator, TrainerCandidate trainer, Configuration config, ITransformer? holdoutModel,
        DataSchema schema, TypedTable table, int[] searchRows, int[] holdoutRows, TypedTable? testTable, string metric, int seed,
        Func<TimeSpan?> importanceAllowance, CancellationToken token)
    {
        Dictionary<string, double>? testMetrics = null;
        if (testTable is null)
        {
            holdoutModel ??= evaluator.Fit(ml, trainer, config, searchRows);
            testMetrics = MetricsCalculator.Evaluate(ml, schema.Task, holdoutModel.Transform(table.View(holdoutRows)), schema.Label);
        }
        token.ThrowIfCancellationRequested();
        var model = evaluator.Fit(ml, trainer, config, table.Rows);
        testMetrics ??= MetricsCalculator.Evaluate(ml, schema.Task, model.Transform(testTable!.View()), schema.Label);
        // The final model has seen the holdout: without a test file, importance and charts use the holdout model.
        var scoring = testTable is null ? holdoutModel! : model;
        var importance = PermutationImportance.Compute(ml, scoring, testTable ?? table, testTable?.Rows ?? holdoutRows,
            testTable is null ? "the holdout" : "the test data", schema, metric, seed, importanceAllowance(), token);
        var charts = TestCharts.Compute(schema, scoring.Transform(testTable?.View() ?? table.View(holdoutRows)));
        return new FinalModel(model, testMetrics, importance, charts);
    }
}
