using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

namespace MlOps.Core.Contract;

/// <summary>
/// Checks new data against a recorded schema (the contract, TFX's SchemaGen/ExampleValidator idea): every
/// contract column present with the same kind, categories, range and missing rate within tolerance.
/// Column order does not matter. The label is optional, because incoming data often has none yet.
/// </summary>
public static class SchemaContract
{
    /// <param name="inferred">The schema inferred from the same data, when there is one (training): a column whose
    /// inferred kind differs from the contract's is a type change even when its values would still pass.</param>
    public static IReadOnlyList<ContractViolation> Validate(DataSchema contract, TabularData data, ContractTolerances tolerances, DataSchema? inferred = null)
    {
        var violations = new List<ContractViolation>();
        foreach (var column in contract.Columns.Where(c => c.Kind != ColumnKind.Ignored))
        {
            var index = data.IndexOf(column.Name);
            if (index < 0)
            {
                if (column.Name != contract.Label)
                    violations.Add(new(ErrorCodes.ContractColumnMissing, column.Name,
                        $"Column '{column.Name}' of the schema contract is missing. The data has: {string.Join(", ", data.ColumnNames.Select(n => $"'{n}'"))}."));
                continue;
            }
            if (inferred?.Find(column.Name) is { Kind: not ColumnKind.Ignored } now && now.Kind != column.Kind && column.Name != contract.Label)
            {
                violations.Add(new(ErrorCodes.ContractTypeChanged, column.Name,
                    $"Column '{column.Name}' was {Name(column.Kind)} in the schema contract but is now {Name(now.Kind)} ({now.Reason})."));
                continue;
            }
            var kind = column.Name == contract.Label && contract.Task != MlTask.Regression ? ColumnKind.Categorical : column.Kind;
            violations.AddRange(CheckColumn(column, kind, data.Columns[index], data.LineNumbers, tolerances));
        }
        var known = contract.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in data.ColumnNames.Where(n => !known.Contains(n)))
            violations.Add(new(ErrorCodes.ContractExtraColumn, extra,
                $"Column '{extra}' is not in the schema contract; the model ignores it.", IsError: tolerances.Strict));
        return violations;
    }

    /// <summary>Judges each distinct value once (a big file has few per column, or floats that need no string per row);
    /// rows are scanned only to name the first bad one.</summary>
    private static IEnumerable<ContractViolation> CheckColumn(ColumnSchema column, ColumnKind kind, DataColumn cells, int[]? lines, ContractTolerances tolerances)
    {
        var counts = cells.CountValues(out var missing);
        var present = cells.Count - missing;
        var missingRate = cells.Count == 0 ? 0 : (double)missing / cells.Count;
        if (missingRate > column.MissingRate + tolerances.MissingRateIncrease)
            yield return new(ErrorCodes.ContractMissingRate, column.Name,
                $"Column '{column.Name}' is {Percent(missingRate)} missing; the contract records {Percent(column.MissingRate)} (tolerance +{Percent(tolerances.MissingRateIncrease)}).");

        switch (kind)
        {
            case ColumnKind.Numeric:
                if (counts.Keys.Any(v => !ValueParsing.TryParseNumber(v, out _)))
                {
                    var bad = FirstRow(cells, v => !ValueParsing.TryParseNumber(v, out _));
                    yield return TypeChanged(column, "numbers", cells[bad]!, lines?[bad]);
                    yield break;
                }
                if (column.Min is double min && column.Max is double max && present > 0)
                {
                    var margin = (max - min) * tolerances.RangeMargin;
                    var outside = counts.Where(kv => ValueParsing.TryParseNumber(kv.Key, out var v) && (v < min - margin || v > max + margin)).Sum(kv => kv.Value);
                    if ((double)outside / present > tolerances.OutOfRangeShare)
                        yield return new(ErrorCodes.ContractOutOfRange, column.Name,
                            $"{Percent((double)outside / present)} of column '{column.Name}' lies outside the recorded range [{Format(min)}, {Format(max)}] (tolerance {Percent(tolerances.OutOfRangeShare)} beyond a {Percent(tolerances.RangeMargin)} margin).");
                }
                break;
            case ColumnKind.Boolean:
                if (counts.Keys.Any(v => !ValueParsing.TryParseBoolean(v, out _)))
                {
                    var notBoolean = FirstRow(cells, v => !ValueParsing.TryParseBoolean(v, out _));
                    yield return TypeChanged(column, "true/false values", cells[notBoolean]!, lines?[notBoolean]);
                }
                break;
            case ColumnKind.Categorical when column.Categories is { } categories:
                var seen = categories.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
                var unseen = counts.Where(kv => !seen.Contains(kv.Key)).Sum(kv => kv.Value);
                if (present > 0 && (double)unseen / present > tolerances.NewCategoryShare)
                {
                    var examples = cells.Where(c => c is not null && !seen.Contains(c)).Distinct().Take(5);
                    yield return new(ErrorCodes.ContractNewCategories, column.Name,
                        $"{Percent((double)unseen / present)} of column '{column.Name}' holds categories the contract never saw (e.g. {string.Join(", ", examples.Select(v => $"'{v}'"))}); tolerance {Percent(tolerances.NewCategoryShare)}.");
                }
                break;
        }
    }

    private static ContractViolation TypeChanged(ColumnSchema column, string expected, string value, int? line) =>
        new(ErrorCodes.ContractTypeChanged, column.Name,
            $"Column '{column.Name}' was {Name(column.Kind)} in the schema contract, holding {expected}, but has '{value}'.", Line: line);

    private static string Name(ColumnKind kind) => kind.ToString().ToLowerInvariant();

    private static int FirstRow(DataColumn cells, Func<string, bool> isBad)
    {
        for (var r = 0; r < cells.Count; r++)
            if (cells[r] is { } v && isBad(v)) return r;
        return -1;
    }

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
