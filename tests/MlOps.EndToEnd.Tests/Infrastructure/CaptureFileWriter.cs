using System.Globalization;
using System.Text;
using MlOps.Core.Data;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Writes files as the scoring service's data capture does (docs/monitoring.md, "Data capture"): comma-separated, a
/// header of the training schema's columns in schema.json order, label included, then mlops_prediction, mlops_score,
/// mlops_model_version, mlops_time, mlops_prediction_id, RFC 4180 quoting. capture-*.csv leaves the label empty;
/// labeled-*.csv fills it.
/// </summary>
public static class CaptureFileWriter
{
    public static readonly string[] ServiceColumns = ["mlops_prediction", "mlops_score", "mlops_model_version", "mlops_time", "mlops_prediction_id"];

    /// <summary>
    /// The rows of <paramref name="rows"/> (named columns, any order) as capture rows: <paramref name="columns"/> in
    /// schema.json order, <paramref name="answer"/> the service's prediction and score for row r.
    /// </summary>
    public static void Write(string path, IReadOnlyList<string> columns, string label, TabularData rows, bool labeled,
        Func<int, (string Prediction, string Score)> answer, string idPrefix)
    {
        var csv = new StringBuilder(string.Join(',', columns.Concat(ServiceColumns)) + "\n");
        var time = new DateTime(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);
        for (var r = 0; r < rows.RowCount; r++)
        {
            var inputs = columns.Select(c => c == label && !labeled ? "" : rows.Column(c)[r] ?? "");
            var (prediction, score) = answer(r);
            var service = new[] { prediction, score, "1.0.0", time.AddSeconds(r).ToString("O", CultureInfo.InvariantCulture), $"{idPrefix}{r}" };
            csv.Append(string.Join(',', inputs.Concat(service).Select(Quote))).Append('\n');
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>CSV text (a header, comma-separated) as a table, through the product's own loader.</summary>
    public static TabularData Rows(string csv)
    {
        var file = Path.Combine(TempFolders.New("capture-rows"), "rows.csv");
        File.WriteAllText(file, csv);
        return CsvLoader.Load(file, new CsvOptions(',', true));
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
