namespace MlOps.Core.Data;

/// <summary>Guesses the separator and the header from a sample of the file's first lines.</summary>
internal static class CsvDetection
{
    public const int SampleLines = 50;
    public static readonly char[] Candidates = [',', ';', '\t'];

    /// <summary>
    /// The candidate whose field count (more than one) is the most consistent across the sample's records,
    /// each read with the quoting rule it would get; ties go to the larger field count, then to the order ',' ';' tab.
    /// Null when no candidate splits the lines, i.e. a single-column file.
    /// </summary>
    public static char? DetectSeparator(string sample, CsvQuoting quoting, string path)
    {
        char? best = null;
        double bestConsistency = 0;
        var bestCount = 0;
        foreach (var candidate in Candidates)
        {
            var counts = ReadSample(sample, candidate, quoting, path).Select(r => r.Length).ToList();
            if (counts.Count == 0) continue;
            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            if (mode.Key <= 1) continue;
            var consistency = (double)mode.Count() / counts.Count;
            if (consistency > bestConsistency || (consistency == bestConsistency && mode.Key > bestCount))
                (best, bestConsistency, bestCount) = (candidate, consistency, mode.Key);
        }
        return best;
    }

    /// <summary>
    /// The first record is a header when it starts with '#', or when its fields all look like names
    /// (non-empty, neither numbers nor booleans, distinct) and either
    ///  - some column below holds only numbers or booleans (a typed column under a name), or
    ///  - every column is text and no first-line value occurs again in its column (a header is not a value),
    ///  - or there is nothing below to compare with (a lone line of names; loading then reports MLOPS2004).
    /// </summary>
    public static bool DetectHeader(IReadOnlyList<string?[]> records)
    {
        var first = records[0];
        if (first.Length > 0 && first[0] is { } f0 && f0.StartsWith('#')) return true;
        if (first.Any(f => f is null || ValueParsing.TryParseNumber(f, out _) || ValueParsing.TryParseBoolean(f, out _))) return false;
        if (first.Distinct(StringComparer.Ordinal).Count() != first.Length) return false;

        var rows = records.Skip(1).Where(r => r.Length == first.Length).ToList();
        if (rows.Count == 0) return true;
        var anyTyped = false;
        var anyRepeat = false;
        for (var c = 0; c < first.Length; c++)
        {
            var values = rows.Select(r => r[c]).OfType<string>().ToList();
            if (values.Count > 0 && values.All(v => ValueParsing.TryParseNumber(v, out _) || ValueParsing.TryParseBoolean(v, out _)))
                anyTyped = true;
            if (values.Contains(first[c]!, StringComparer.Ordinal)) anyRepeat = true;
        }
        return anyTyped || !anyRepeat;
    }

    /// <summary>Parses the sample leniently (it may end inside a quoted field).</summary>
    public static List<string?[]> ReadSample(string sample, char separator, CsvQuoting quoting, string path)
    {
        var reader = new CsvRecordReader(new StringReader(sample), separator, quoting.QuotesFields(separator), path, lenientEof: true);
        var records = new List<string?[]>();
        var fields = new List<string?>();
        while (reader.TryRead(fields)) records.Add([.. fields]);
        return records;
    }
}
