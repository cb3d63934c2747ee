using MlOps.Core.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>
/// A small delimited text read whole, row by row: a scoring request's CSV body. Its first record is the header, and
/// cells and names follow the training files' rules, through the same code: <see cref="CsvRecordReader"/> (quotes by
/// <see cref="CsvQuoting.Auto"/>: RFC 4180 for ',' and literal for a tab, unquoted cells trimmed, an empty cell missing, blank lines skipped) and <see cref="CsvLoader.HeaderNames"/>.
/// </summary>
public static class CsvRows
{
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<string?[]> Rows);

    /// <param name="source">What the text is, for errors: "the request body".</param>
    /// <exception cref="MlOpsException">MLOPS2003 no header row, MLOPS2010 a quote never closed, MLOPS2005 a row with another field count than the header (naming the row, 0-based).</exception>
    public static Table Read(TextReader text, char separator, string source)
    {
        var reader = new CsvRecordReader(text, separator, CsvQuoting.Auto.QuotesFields(separator), source);
        var fields = new List<string?>();
        if (!reader.TryRead(fields))
            throw new MlOpsException(ErrorCodes.DataFileEmpty, "There is no header row: the text is empty. The first row names the columns.", source);
        var header = CsvLoader.HeaderNames(fields);
        var rows = new List<string?[]>();
        while (reader.TryRead(fields))
        {
            if (fields.Count != header.Length)
                throw new MlOpsException(ErrorCodes.RaggedRow,
                    $"Row {rows.Count} (line {reader.RecordLine}) has {fields.Count} fields but the header has {header.Length}.", source, reader.RecordLine);
            rows.Add([.. fields]);
        }
        return new Table(header, rows);
    }
}
