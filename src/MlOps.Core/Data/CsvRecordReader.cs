using MlOps.Core.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>
/// Streams records from a reader, one physical line at a time.
/// Rules: blank lines are skipped; unquoted fields are trimmed; an empty field is null (missing).
/// With <paramref name="quotes"/> (RFC 4180), a field whose first non-blank character is '"' is quoted and may hold
/// separators, doubled quotes ("") and line breaks (normalized to \n); text after a closing quote is kept (lenient,
/// like Python's csv). Without it a quote is an ordinary character and every record is one line.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char separator, bool quotes, string path, bool lenientEof = false)
{
    private char[] _quoted = new char[256];
    private int _quotedLength;

    /// <summary>Physical lines consumed so far.</summary>
    public int Line { get; private set; }

    /// <summary>The 1-based line where the last record read starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Records so far whose quoted fields span lines, as (first line, last line): read whole, but worth a
    /// warning, since a stray quote silently merges rows this way.</summary>
    public MultiLineRecords MultiLine { get; } = new();

    /// <summary>Receives each field of a record: its index and its text, empty for a missing cell. The text is only valid during the call.</summary>
    public delegate void FieldSink(int index, ReadOnlySpan<char> text);

    /// <summary>Fields of the last record read.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The next record's fields as strings (null = missing); false at the end.</summary>
    public bool TryRead(List<string?> fields)
    {
        fields.Clear();
        return TryRead((_, text) => fields.Add(text.IsEmpty ? null : new string(text)));
    }

    /// <summary>The next record's fields, handed to <paramref name="sink"/> without making strings; false at the end.</summary>
    public bool TryRead(FieldSink sink)
    {
        string? line;
        do
        {
            line = reader.ReadLine();
            if (line is null) return false;
            Line++;
        } while (string.IsNullOrWhiteSpace(line));

        RecordLine = Line;
        FieldCount = 0;
        var pos = 0;
        while (true)
        {
            var start = pos;
            while (pos < line.Length && line[pos] != separator && char.IsWhiteSpace(line[pos])) pos++;
            if (quotes && pos < line.Length && line[pos] == '"')
            {
                var closed = ReadQuoted(ref line, ref pos);
                sink(FieldCount++, _quoted.AsSpan(0, _quotedLength));
                if (!closed) return Ended();
            }
            else
            {
                while (pos < line.Length && line[pos] != separator) pos++;
                sink(FieldCount++, line.AsSpan(start, pos - start).Trim());
            }
            if (pos >= line.Length) return Ended();
            pos++; // the separator; a trailing one yields a final empty field
        }
    }

    private bool Ended()
    {
        if (Line > RecordLine) MultiLine.Add(RecordLine, Line);
        return true;
    }

    /// <summary>Reads a quoted field starting at the opening quote; false when a lenient reader hit EOF inside it.</summary>
    private bool ReadQuoted(ref string line, ref int pos)
    {
        var quoteLine = Line;
        _quotedLength = 0;
        pos++;
        while (true)
        {
            if (pos >= line.Length)
            {
                var next = reader.ReadLine();
                if (next is null)
                {
                    if (lenientEof) return false;
                    throw new MlOpsException(ErrorCodes.UnterminatedQuote,
                        $"A quoted field that starts on line {quoteLine} is never closed. Close it with '\"' (write a literal quote as \"\"), or remove the stray quote.",
                        path, quoteLine);
                }
                Line++;
                Append('\n');
                line = next;
                pos = 0;
                continue;
            }
            var c = line[pos];
            if (c == '"')
            {
                if (pos + 1 < line.Length && line[pos + 1] == '"') { Append('"'); pos += 2; continue; }
                pos++;
                break;
            }
            Append(c);
            pos++;
        }
        // Lenient: keep anything between the closing quote and the next separator, minus trailing blanks.
        var tailStart = pos;
        while (pos < line.Length && line[pos] != separator) pos++;
        foreach (var ch in line.AsSpan(tailStart, pos - tailStart).TrimEnd()) Append(ch);
        return true;
    }

    private void Append(char c)
    {
        if (_quotedLength == _quoted.Length) Array.Resize(ref _quoted, _quoted.Length * 2);
        _quoted[_quotedLength++] = c;
    }
}
