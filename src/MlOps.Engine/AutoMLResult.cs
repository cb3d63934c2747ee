using Microsoft.ML;
using MlOps.Core.Artifacts;

namespace MlOps.Engine;

/// <summary>The outcome of a search: the winner refit on all training rows, plus everything the manifest records.</summary>
public sealed class AutoMLResult
{
    public required MLContext Context { get; init; }
    /// <summary>Raw-columns-in, prediction-out model, refit on all training rows.</summary>
    public required ITransformer Model { get; init; }
    public required DataViewSchema InputSchema { get; init; }
    /// <summary>The raw feature columns without the label: the inputs of model.onnx (see Onnx.OnnxExport).</summary>
    public IDataView? ScoringInput { get; init; }
    public required string Metric { get; init; }
    public required TrialResult BestTrial { get; init; }
    public required IReadOnlyList<TrialResult> Trials { get; init; }
    /// <summary>The featurization pipeline, one readable step per entry, e.g. "OneHot(vendor_id)".</summary>
    public required IReadOnlyList<string> Featurization { get; init; }
    /// <summary>How the search validated: e.g. "5-fold stratified cross-validation".</summary>
    public required string ValidationMethod { get; init; }
    public required IReadOnlyDictionary<string, double> ValidationMetrics { get; init; }
    public required IReadOnlyDictionary<string, double> TestMetrics { get; init; }
    /// <summary>Where the test metrics come from: the test file, or a seeded holdout of the training data.</summary>
    public required string TestSource { get; init; }
    public required double SearchSeconds { get; init; }
    /// <summary>The exact configuration of <see cref="Model"/>, for manifest.json and MlOpsReplay.</summary>
    public TrainingRecipe? Recipe { get; init; }
    /// <summary>Permutation importance of each raw feature column on the test rows, most important first.</summary>
    public IReadOnlyList<FeatureImportance> FeatureImportance { get; init; } = [];
    /// <summary>How <see cref="FeatureImportance"/> was measured, or why it was skipped.</summary>
    public string? FeatureImportanceMethod { get; init; }
    /// <summary>Confusion matrix, ROC curve or residuals on the test rows, for the model card.</summary>
    public Metrics.TestCharts Charts { get; init; } = Metrics.TestCharts.None;
    /// <summary>Warnings for the caller to print, e.g. the final model fitted on fewer rows to stay under the memory ceiling.</summary>
    public IReadOnlyList<MlOps.Core.Diagnostics.MlOpsWarning> Warnings { get; init; } = [];

    /// <summary>Saves model.zip with fixed entry timestamps, so the same model always gives the same bytes.</summary>
    public void Save(string path)
    {
        using var buffer = new MemoryStream();
        Context.Model.Save(Model, InputSchema, buffer);
        buffer.Position = 0;
        using var file = File.Create(path);
        Data.DeterministicZip.Normalize(buffer, file);
    }
}
