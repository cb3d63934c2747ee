using MlOps.Core.Data;
using MlOps.Core.Schema;

namespace MlOps.Core.Drift;

/// <summary>How far one feature of new data moved from its training distribution.</summary>
public sealed record ColumnDrift(string Column, ColumnKind Kind, double Psi, double? KsStatistic, double? KsPValue);

/// <summary>
/// Compares each categorical, boolean and numeric feature of new data with the training distribution recorded
/// in schema.json: PSI over categories (unseen ones pooled) or training-decile bins, and for numerics a
/// two-sample KS test against the recorded percentiles and the training row count (no p-value without the count).
/// </summary>
public static class DriftAnalysis
{
    public static IReadOnlyList<ColumnDrift> Compare(DataSchema training, TabularData data)
    {
        var result = new List<ColumnDrift>();
        foreach (var column in training.Features)
        {
            var index = data.IndexOf(column.Name);
            if (index < 0) continue; // a missing column is the schema check's finding, not drift
            var cells = data.Columns[index];
            switch (column.Kind)
            {
                case ColumnKind.Numeric when column.Quantiles is { Length: > 0 } quantiles:
                    var values = cells.Where(c => c is not null)
                        .Select(c => ValueParsing.TryParseNumber(c!, out var v) ? v : double.NaN).Where(double.IsFinite).ToArray();
                    if (values.Length == 0) continue;
                    var (expected, actual) = PopulationStability.NumericShares(quantiles, values, BinsFor(values.Length));
                    var (d, p) = KolmogorovSmirnov.AgainstPercentiles(quantiles, TrainingValues(training, column), values);
                    result.Add(new ColumnDrift(column.Name, column.Kind, PopulationStability.Index(expected, actual), d, p));
                    break;
                case ColumnKind.Categorical or ColumnKind.Boolean when column.Categories is { Count: > 0 } categories:
                    var normalize = column.Kind == ColumnKind.Boolean;
                    var counts = cells.Where(c => c is not null)
                        .GroupBy(c => normalize && ValueParsing.TryParseBoolean(c!, out var b) ? (b ? "true" : "false") : c!)
                        .ToDictionary(g => g.Key, g => g.Count());
                    if (counts.Count == 0) continue;
                    var (e, a) = PopulationStability.CategoryShares(categories.ToDictionary(c => c.Value, c => c.Count), counts);
                    result.Add(new ColumnDrift(column.Name, column.Kind, PopulationStability.Index(e, a), null, null));
                    break;
            }
        }
        return result;
    }

    /// <summary>The column's non-missing training values: schema.json's row count less its missing share (0 when an old schema has no count).</summary>
    public static long TrainingValues(DataSchema training, ColumnSchema column) =>
        (long)Math.Round(training.RowCount * (1 - column.MissingRate));

    /// <summary>
    /// Deciles, but at least ~20 new rows per bin expected: with fewer, sampling noise alone pushes PSI past 0.2
    /// (its expectation under no drift is about (bins − 1) / rows).
    /// </summary>
    public static int BinsFor(int rows) => Math.Clamp(rows / 20, 2, 10);
}
