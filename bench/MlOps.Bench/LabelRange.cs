using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine;

namespace MlOps.Bench;

/// <summary>
/// Regression on a test file whose labels go beyond the training labels (taxi-fare-test.csv has fares of 450 and 470;
/// the training file's highest is 225): R² over all test rows, and over the rows whose label lies within the training
/// labels' range. A tree ensemble predicts no more than its training labels, so the rows beyond them are an error no
/// model fitted to the training data can avoid, and R² over all rows ranks models by how high they happen to predict
/// those few rows. The second R² says how well a model fits what its training data can teach.
/// </summary>
public sealed record LabelRange(double R2, double R2Within, int Outside, double OutsideShare, double MeanPredictionOutside)
{
    /// <summary>
    /// <paramref name="labels"/> and <paramref name="predictions"/> of the test rows; the training labels ran from
    /// <paramref name="min"/> to <paramref name="max"/>. OutsideShare: the outside rows' part of the test labels' sum of squares.
    /// </summary>
    public static LabelRange Of(IReadOnlyList<double> labels, IReadOnlyList<double> predictions, double min, double max)
    {
        var all = Enumerable.Range(0, labels.Count).ToArray();
        var within = all.Where(i => labels[i] >= min && labels[i] <= max).ToArray();
        var outside = all.Except(within).ToArray();
        var mean = labels.Average();
        var total = all.Sum(i => Square(labels[i] - mean));
        return new LabelRange(R2Of(all), R2Of(within), outside.Length, outside.Sum(i => Square(labels[i] - mean)) / total,
            outside.Length == 0 ? double.NaN : outside.Average(i => predictions[i]));

        double R2Of(int[] rows)
        {
            var m = rows.Average(i => labels[i]);
            return 1 - rows.Sum(i => Square(labels[i] - predictions[i])) / rows.Sum(i => Square(labels[i] - m));
        }
    }

    /// <summary>
    /// A model the SDK built, scored on <paramref name="testFile"/> as `dotnet test` scores it: the loader's defaults, the
    /// feature contract (<see cref="DataViewFactory"/>) and model.zip; the training labels' range is schema.json's.
    /// </summary>
    public static LabelRange OfBuild(string mlopsFolder, string testFile)
    {
        var schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(mlopsFolder, ArtifactFiles.Schema)));
        var label = schema.Columns.Single(c => c.Name == schema.Label);
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(Path.Combine(mlopsFolder, ArtifactFiles.Model), out _);
        var scored = model.Transform(DataViewFactory.Create(CsvLoader.Load(testFile, new CsvOptions()), schema));
        return Of(scored.GetColumn<float>(schema.Label).Select(v => (double)v).ToArray(),
            scored.GetColumn<float>("Score").Select(v => (double)v).ToArray(),
            label.Min ?? double.NegativeInfinity, label.Max ?? double.PositiveInfinity);
    }

    /// <summary>"0.9412 (15 rows outside, 30% of the variance, predicted 45.7)" for a table cell.</summary>
    public string Describe() => Outside == 0 ? FormattableString.Invariant($"{R2Within:0.0000} (no rows outside)")
        : FormattableString.Invariant($"{R2Within:0.0000} ({Outside} rows outside, {OutsideShare * 100:0}% of the variance, predicted {MeanPredictionOutside:0.0})");

    private static double Square(double x) => x * x;
}
