using MlOps.Core.Data;
using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Testing;

/// <summary>
/// A model's MlOpsProductionData, the scoring service's capture and labeled files (docs/monitoring.md), as one table.
/// A labeled row repeats its captured row, so rows are counted once per prediction id, the labeled copy kept.
/// </summary>
public sealed class CapturedData
{
    private CapturedData(TabularData table, string label)
    {
        Table = table;
        var labels = table.IndexOf(label) is var i and >= 0 ? table.Columns[i] : new string?[table.RowCount];
        LabeledRows = Enumerable.Range(0, table.RowCount).Where(r => labels[r] is not null).ToList();
    }

    /// <summary>Training columns and the service's mlops_ columns, one row per prediction.</summary>
    public TabularData Table { get; }
    /// <summary>Rows whose label cell holds the true outcome.</summary>
    public IReadOnlyList<int> LabeledRows { get; }
    public string Description => string.Join(", ", Table.Path.Split(';').Select(Path.GetFileName));

    public static CapturedData Load(IReadOnlyList<string> files, DataSchema schema)
    {
        var merged = DataFiles.Merge(files.Select(f => CsvLoader.Load(f, CaptureFiles.Csv)).ToList());
        return new CapturedData(OnePerPrediction(merged, schema.Label), schema.Label);
    }

    private static TabularData OnePerPrediction(TabularData data, string label)
    {
        if (data.IndexOf(CaptureFiles.PredictionId) < 0) return data;
        var ids = data.Column(CaptureFiles.PredictionId);
        var labels = data.IndexOf(label) is var l and >= 0 ? data.Columns[l] : new string?[data.RowCount];
        var kept = new List<int>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal); // id => index into kept
        for (var r = 0; r < data.RowCount; r++)
        {
            if (ids[r] is not { } id) { kept.Add(r); continue; }
            if (!byId.TryGetValue(id, out var at)) { byId[id] = kept.Count; kept.Add(r); }
            else if (labels[kept[at]] is null && labels[r] is not null) kept[at] = r;
        }
        if (kept.Count == data.RowCount) return data;
        return new TabularData(data.Path, data.Separator, data.HasHeader, data.ColumnNames,
            data.Columns.Select(c => kept.Select(r => c[r]).ToArray()).ToArray());
    }

    /// <summary>
    /// The task's metrics on the labeled rows (true label against mlops_prediction / mlops_score), named as in
    /// metrics.json; rows whose answer is missing or unreadable are left out. Binary: the positive class is the
    /// schema's second class, as in training.
    /// </summary>
    public IReadOnlyDictionary<string, double> LiveMetrics(DataSchema schema)
    {
        var actual = Table.Column(schema.Label);
        var predicted = Table.IndexOf(CaptureFiles.Prediction) is var p and >= 0 ? Table.Columns[p] : new string?[Table.RowCount];
        var scores = Table.IndexOf(CaptureFiles.Score) is var s and >= 0 ? Table.Columns[s] : new string?[Table.RowCount];
        var rows = LabeledRows.Where(r => predicted[r] is not null).ToList();
        switch (schema.Task)
        {
            case MlTask.BinaryClassification:
                var positive = Positive(schema);
                return LabeledMetrics.Binary(rows
                    .Select(r => (Actual: positive(actual[r]!), Predicted: positive(predicted[r]!), Probability: Number(scores[r])))
                    .Where(o => double.IsFinite(o.Probability)).ToList());
            case MlTask.MulticlassClassification:
                return LabeledMetrics.Multiclass(rows.Select(r => (actual[r]!, predicted[r]!)).ToList());
            default:
                return LabeledMetrics.Regression(rows.Select(r => (Actual: Number(actual[r]), Predicted: Number(predicted[r])))
                    .Where(o => double.IsFinite(o.Actual) && double.IsFinite(o.Predicted)).ToList());
        }
    }

    /// <summary>True for the positive class; a boolean label matches whatever its spelling ("True", "1", "yes").</summary>
    private static Func<string, bool> Positive(DataSchema schema)
    {
        var classes = schema.LabelClasses ?? ["false", "true"];
        var positive = classes[^1];
        var booleans = classes.SequenceEqual(["false", "true"]);
        return value => booleans && ValueParsing.TryParseBoolean(value, out var b) ? b : string.Equals(value, positive, StringComparison.Ordinal);
    }

    private static double Number(string? cell) => cell is not null && ValueParsing.TryParseNumber(cell, out var d) ? d : double.NaN;
}
