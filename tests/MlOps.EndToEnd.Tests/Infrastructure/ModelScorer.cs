using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>Loads a built model.zip as a consumer would and scores a data file with it, label column left out.</summary>
public sealed class ModelScorer
{
    private readonly DataSchema _schema;
    private readonly IDataView _scored;

    public ModelScorer(ModelProject project, string dataFile)
    {
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(project.OutputFile("model.zip"), out _);
        _schema = project.Schema;
        var table = CsvLoader.Load(project.DataPath(dataFile), new CsvOptions());
        var labels = table.Column(_schema.Label);
        // Rows without a label cannot be judged; the scored view is built from labelled rows only.
        var keep = Enumerable.Range(0, table.RowCount).Where(r => labels[r] is not null).ToArray();
        var labelled = new TabularData(table.Path, table.Separator, table.HasHeader, table.ColumnNames,
            table.Columns.Select(c => keep.Select(r => c[r]).ToArray()).ToArray());
        Labels = keep.Select(r => labels[r]!).ToArray();
        _scored = model.Transform(DataViewFactory.Create(labelled, _schema, includeLabel: false));
    }

    public string[] Labels { get; }

    /// <summary>The regression model's prediction for each labelled row, in file order.</summary>
    public float[] PredictedValues() => _scored.GetColumn<float>("Score").ToArray();

    public double RSquared()
    {
        var predicted = PredictedValues().Select(v => (double)v).ToArray();
        var actual = Labels.Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var mean = actual.Average();
        var residual = actual.Zip(predicted, (a, p) => (a - p) * (a - p)).Sum();
        var total = actual.Sum(a => (a - mean) * (a - mean));
        return 1 - residual / total;
    }

    /// <summary>Share of rows whose predicted class is the labelled one (micro-accuracy for multiclass).</summary>
    public double Accuracy()
    {
        var predicted = PredictedClasses();
        return Labels.Zip(predicted, (a, p) => string.Equals(a, p, StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0).Average();
    }

    /// <summary>The share of the most frequent class: what always guessing it would score.</summary>
    public double MajorityClassRate() => Labels.GroupBy(l => l.ToLowerInvariant()).Max(g => g.Count()) / (double)Labels.Length;

    /// <summary>Binary AUC as the probability that a random positive outscores a random negative.</summary>
    public double AreaUnderRocCurve()
    {
        var positive = _schema.LabelClasses![1];
        var scores = _scored.GetColumn<float>("Score").ToArray();
        var pos = scores.Where((_, i) => IsClass(Labels[i], positive)).ToArray();
        var neg = scores.Where((_, i) => !IsClass(Labels[i], positive)).ToArray();
        double wins = 0;
        foreach (var p in pos)
            foreach (var n in neg)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        return wins / (pos.Length * (double)neg.Length);
    }

    private string[] PredictedClasses()
    {
        if (_schema.Task == MlTask.BinaryClassification)
            return _scored.GetColumn<bool>("PredictedLabel").Select(b => _schema.LabelClasses![b ? 1 : 0]).ToArray();
        return _scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(v => v.ToString()).ToArray();
    }

    private static bool IsClass(string value, string cls) => string.Equals(value, cls, StringComparison.OrdinalIgnoreCase);
}
