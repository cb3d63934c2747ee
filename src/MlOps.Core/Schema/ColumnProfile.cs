using MlOps.Core.Data;

namespace MlOps.Core.Schema;

/// <summary>
/// One pass over a column's cells: missing count, distinct values with counts, and what every
/// distinct value parses as. Parsing once per distinct value keeps 100k-row columns cheap.
/// </summary>
internal sealed class ColumnProfile
{
    public string Name { get; }
    public DataColumn Cells { get; }
    public int Missing { get; }
    public int NonMissing => Cells.Count - Missing;
    public Dictionary<string, int> Counts { get; }
    public int Distinct => Counts.Count;
    public bool AllNumeric { get; }
    public bool AllInteger { get; }
    public bool AllBoolean { get; }
    public int DistinctNumbers { get; }
    public int DistinctBooleans { get; }
    public double Min { get; } = double.NaN;
    public double Max { get; } = double.NaN;
    public double Mean { get; } = double.NaN;
    /// <summary>White-space separated words per non-missing value, on average and at most.</summary>
    public double AverageTokens { get; }
    public int MaxTokens { get; }

    public ColumnProfile(string name, DataColumn cells)
    {
        Name = name;
        Cells = cells;
        Counts = cells.CountValues(out var missing);
        Missing = missing;

        bool numeric = true, integer = true, boolean = true;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, tokens = 0;
        var numbers = new HashSet<double>();
        var booleans = new HashSet<bool>();
        foreach (var (value, count) in Counts)
        {
            if (numeric && ValueParsing.TryParseNumber(value, out var d))
            {
                numbers.Add(d);
                min = Math.Min(min, d);
                max = Math.Max(max, d);
                sum += d * count;
                integer &= ValueParsing.IsInteger(d);
            }
            else numeric = false;
            if (boolean && ValueParsing.TryParseBoolean(value, out var b)) booleans.Add(b);
            else boolean = false;
            var t = CountTokens(value);
            tokens += (double)t * count;
            MaxTokens = Math.Max(MaxTokens, t);
        }

        var any = Counts.Count > 0;
        AllNumeric = any && numeric;
        AllInteger = AllNumeric && integer;
        AllBoolean = any && boolean;
        DistinctNumbers = numeric ? numbers.Count : 0;
        DistinctBooleans = boolean ? booleans.Count : 0;
        AverageTokens = any ? tokens / NonMissing : 0;
        if (AllNumeric) (Min, Max, Mean) = (min, max, sum / NonMissing);
    }

    public double MissingRate => Cells.Count == 0 ? 0 : (double)Missing / Cells.Count;

    /// <summary>The first row (in file order) whose cell is present but not a number, or -1.</summary>
    public int FirstNonNumericRow()
    {
        for (var r = 0; r < Cells.Count; r++)
            if (Cells[r] is { } v && !ValueParsing.TryParseNumber(v, out _)) return r;
        return -1;
    }

    /// <summary>No missing cells and each row's value is the previous one plus 1: a row number.</summary>
    public bool IsRowNumberLike()
    {
        if (Missing > 0 || !AllInteger || Cells.Count < 2) return false;
        // AllInteger says every cell parses; the checks keep that assumption visible.
        if (!ValueParsing.TryParseNumber(Cells[0]!, out var previous)) return false;
        for (var r = 1; r < Cells.Count; r++)
        {
            if (!ValueParsing.TryParseNumber(Cells[r]!, out var current) || current != previous + 1) return false;
            previous = current;
        }
        return true;
    }

    /// <summary>Parsed numbers with their counts (for an all-numeric column).</summary>
    public IEnumerable<KeyValuePair<double, int>> NumericCounts() =>
        Counts.Select(kv => (Parsed: ValueParsing.TryParseNumber(kv.Key, out var d), Value: d, kv.Value))
              .Where(x => x.Parsed).Select(x => new KeyValuePair<double, int>(x.Value, x.Item3));

    /// <summary>Values with counts, most frequent first, ties in ordinal order.</summary>
    public List<CategoryCount> Categories() =>
        [.. Counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new CategoryCount(kv.Key, kv.Value))];

    /// <summary>Boolean values normalized to "true"/"false", so "True" and "true" count together.</summary>
    public List<CategoryCount> BooleanCategories() =>
        [.. Counts.GroupBy(kv => ValueParsing.TryParseBoolean(kv.Key, out var b) && b ? "true" : "false")
            .Select(g => new CategoryCount(g.Key, g.Sum(kv => kv.Value)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)];

    private static int CountTokens(string value)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c)) inToken = false;
            else if (!inToken) { inToken = true; count++; }
        }
        return count;
    }
}
