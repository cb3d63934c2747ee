using MlOps.Core.Data;
using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Testing;

/// <summary>
/// A model's MlOpsProductionData, the scoring service's capture and labeled files (docs/monitoring.md), as one table.
/// One row per prediction (<see cref="CaptureFiles.Load"/>).
/// </summary>
public sealed class CapturedData
{
    private CapturedData(TabularData table, string label)
    {
        Table = table;
        IReadOnlyList<string?> labels = table.IndexOf(label) is var i and >= 0 ? table.Columns[i] : new string?[table.RowCount];
        LabeledRows = Enumerable.Range(0, table.RowCount).Where(r => labels[r] is not null).ToList();
    }

    /// <summary>Training columns and the service's mlops_ columns, one row per prediction.</summary>
    public TabularData Table { get; }
    /// <summary>Rows whose label cell holds the true outcome.</summary>
    public IReadOnlyList<int> LabeledRows { get; }
    public string Description => string.Join(", ", Table.Path.Split(';').Select(Path.GetFileName));

    public static CapturedData Load(IReadOnlyList<string> files, DataSchema schema) =>
        new(CaptureFiles.Load(files, schema.Label), schema.Label);

    /// <summary>
    /// The task's metrics on the labeled rows (true label against mlops_prediction / mlops_score), named as in
    /// metrics.json, by the code the service's live metrics use; rows whose answer is missing are left out.
    /// </summary>
    public IReadOnlyDictionary<string, double> LiveMetrics(DataSchema schema)
    {
        var actual = Table.Column(schema.Label);
        IReadOnlyList<string?> predicted = Table.IndexOf(CaptureFiles.Prediction) is var p and >= 0 ? Table.Columns[p] : new string?[Table.RowCount];
        IReadOnlyList<string?> scores = Table.IndexOf(CaptureFiles.Score) is var s and >= 0 ? Table.Columns[s] : new string?[Table.RowCount];
        return LabeledMetrics.For(schema, LabeledRows.Where(r => predicted[r] is not null)
            .Select(r => (actual[r]!, (string?)predicted[r], ValueParsing.NumberOrNaN(scores[r]))));
    }

}
