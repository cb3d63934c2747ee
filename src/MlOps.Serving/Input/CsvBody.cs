using System.Text;

namespace MlOps.Serving.Input;

/// <summary>
/// A text/csv request body: a header row naming the columns, then one record per prediction. Same cell rules as
/// training files: ',' separated, RFC-4180 quotes (separators, "" and line breaks inside), unquoted cells trimmed,
/// an empty cell missing, blank lines skipped. Bodies are small (MLOPS_MAX_BODY_BYTES), so it parses in memory.
/// </summary>
public static class CsvBody
{
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<string?[]> Rows);

    /// <exception cref="FormatException">An unclosed quote, no header, or a row with a different number of fields (message names the row).</exception>
    public static Table Parse(string text, char separator = ',')
    {
        var records = new List<string?[]>();
        var fields = new List<string?>();
        var field = new StringBuilder();
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (pos < text.Length)
        {
            fields.Clear();
            while (true)
            {
                field.Clear();
                var start = pos;
                while (pos < text.Length && text[pos] is ' ' or '\t' && text[pos] != separator) pos++;
                bool quoted = pos < text.Length && text[pos] == '"';
                if (quoted)
                {
                    pos++;
                    while (true)
                    {
                        if (pos >= text.Length) throw new FormatException($"A quoted field of record {records.Count} is never closed.");
                        if (text[pos] == '"')
                        {
                            if (pos + 1 < text.Length && text[pos + 1] == '"') { field.Append('"'); pos += 2; continue; }
                            pos++;
                            break;
                        }
                        if (text[pos] != '\r') field.Append(text[pos]);
                        pos++;
                    }
                    while (pos < text.Length && text[pos] != separator && text[pos] != '\n') pos++; // lenient: text after the quote is dropped
                    fields.Add(field.ToString());
                }
                else
                {
                    pos = start;
                    while (pos < text.Length && text[pos] != separator && text[pos] != '\n') pos++;
                    var cell = text.AsSpan(start, pos - start).Trim();
                    fields.Add(cell.IsEmpty ? null : cell.ToString());
                }
                if (pos >= text.Length || text[pos] == '\n') { pos++; break; }
                pos++; // separator
            }
            if (fields.Count == 1 && fields[0] is null) continue; // blank line
            records.Add([.. fields]);
        }

        if (records.Count == 0) throw new FormatException("The CSV body is empty: it needs a header row naming the columns.");
        var header = records[0].Select((n, i) => n ?? $"Column{i}").ToArray();
        for (var r = 1; r < records.Count; r++)
            if (records[r].Length != header.Length)
                throw new FormatException($"Row {r - 1} has {records[r].Length} fields but the header has {header.Length}.");
        return new Table(header, records.Skip(1).ToList());
    }
}
