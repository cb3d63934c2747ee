using System.Text;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Tool;

/// <summary>
/// The first rows of the project's test (else training) data, as the scoring service takes them: a CSV body of the
/// model's features for POST /predict/batch. The smoke test sends one; the memory measurement sends a burst of them.
/// </summary>
public sealed class SampleRows
{
    /// <summary>SampleData: files, the first that exists is used; Separator, HasHeader and Quoting as training reads them.</summary>
    public static readonly OptionKeys Keys = new([], ["SampleData", "Separator", "HasHeader", "Quoting"]);

    private SampleRows(TabularData rows, string csv) => (Rows, Csv) = (rows, csv);

    /// <summary>The rows taken, every column of the file (the label too).</summary>
    public TabularData Rows { get; }
    /// <summary>Header and rows of the model's features only, as text/csv.</summary>
    public string Csv { get; }

    /// <summary>Throws MLOPS6024 when there is no data file or it has no rows.</summary>
    public static SampleRows Load(OptionsFile options, DataSchema schema, int count)
    {
        var file = options.All("SampleData").FirstOrDefault(File.Exists)
            ?? throw new MlOpsException(ErrorCodes.SmokeNoSampleRow, "No test or training data file to take a sample row from.");
        var table = CsvLoader.Load(file, CaptureFiles.OptionsFor(file, CsvSettings.From(options)));
        if (table.RowCount == 0) throw new MlOpsException(ErrorCodes.SmokeNoSampleRow, "The sample data has no rows.", file);
        var taken = Math.Min(count, table.RowCount);
        var rows = new TabularData(table.Path, table.Separator, table.HasHeader, table.ColumnNames, table.Columns.Select(c => c[..taken]).ToArray());

        var features = schema.Features.Select(f => f.Name).Where(n => rows.IndexOf(n) >= 0).ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', features.Select(Quote)));
        for (var r = 0; r < taken; r++)
            csv.AppendLine(string.Join(',', features.Select(n => Quote(rows.Column(n)[r] ?? ""))));
        return new SampleRows(rows, csv.ToString());
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
