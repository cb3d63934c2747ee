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
    /// metrics.json, by the code the service's live metrics use; rows whose answer is missing are left out.
    /// </summary>
    public IReadOnlyDictionary<string, double> LiveMetrics(DataSchema schema)
    {
        var actual = Table.Column(schema.Label);
        var predicted = Table.IndexOf(CaptureFiles.Prediction) is var p and >= 0 ? Table.Columns[p] : new string?[Table.RowCount];
        var scores = Table.IndexOf(CaptureFiles.Score) is var s and >= 0 ? Table.Columns[s] : new string?[Table.RowCount];
        return LabeledMetrics.For(schema, LabeledRows.Where(r => predicted[r] is not null)
            .Select(r => (actual[r]!, (string?)predicted[r], Number(scores[r]))));
    }

    private static double Number(string? cell) => cell is not null && ValueParsing.TryParseNumber(cell, out var d) ? d : double.NaN;
}
