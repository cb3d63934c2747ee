using Microsoft.ML;
using MlOps.Engine.Data;

namespace MlOps.Engine.Featurization;

/// <summary>
/// A fitted featurizer and the rows it featurized, kept in memory (<see cref="FeatureVectorColumn"/>). Trainers fit and
/// score on <see cref="View"/>, so text is tokenized and counted once per featurizer, not once per trainer pass or trial.
/// The model of a configuration is the featurizer followed by the trainer's part (<see cref="PipelineFactory.Head"/>), so it
/// takes raw columns like any other model; featurization is a pure function of the rows, so its predictions are those scored here.
/// </summary>
internal sealed class FeaturizedRows(ITransformer featurizer, TableColumn label, FeatureVectorColumn features)
{
    public ITransformer Featurizer { get; } = featurizer;
    public long Bytes => features.Bytes;

    /// <summary>The label and the features of some of the rows held.</summary>
    public ColumnarDataView View(int[] rows) => new([label, features], rows);

    /// <summary>Fits the featurizer on <paramref name="fitRows"/> and keeps the featurized <paramref name="fitRows"/> and <paramref name="otherRows"/>.</summary>
    public static FeaturizedRows Create(MLContext ml, IEstimator<ITransformer> featurizer, TypedTable table, string label, int[] fitRows, int[] otherRows)
    {
        var fitted = featurizer.Fit(table.View(fitRows));
        int[] rows = [.. fitRows, .. otherRows];
        var features = FeatureVectorColumn.Read(fitted.Transform(table.View(rows)), FeaturizationPlan.FeaturesColumn, rows, rows.Length == 0 ? 0 : rows.Max() + 1);
        return new FeaturizedRows(fitted, table.Find(label), features);
    }
}
