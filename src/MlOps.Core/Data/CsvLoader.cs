using System.Text;
using MlOps.Core.Diagnostics;

namespace MlOps.Core.Data;

/// <summary>
/// Loads a delimited file (CSV/TSV/semicolon) into <see cref="TabularData"/>, streaming it line by line.
/// Separator and header are detected unless <see cref="CsvOptions"/> sets them (see <see cref="CsvDetection"/>).
/// Only an empty cell is missing: "NA", "NaN" or "?" stay ordinary values, so nothing is guessed twice.
/// A header line starting with '#' (e.g. "#Label\tSepal length") loses the '#'. Headerless columns are
/// Column0, Column1, ...; empty header names become Column{i}; duplicate names get _1, _2, ... suffixes.
/// </summary>
public static class CsvLoader
{
    /// <summary>Data rows between two progress reports.</summary>
    public const int ProgressRows = 1 << 16;

    /// <param name="progress">Told every <see cref="ProgressRows"/> rows and at the end.</param>
    public static TabularData Load(string path, CsvOptions options, Action<LoadProgress>? progress = null)
    {
        if (options.Separator is '"' or '\r' or '\n')
            throw new MlOpsException(ErrorCodes.InvalidSeparator,
                $"'{Printable(options.Separator.Value)}' cannot be a separator. Set MlOpsSeparator to ',', ';', a tab or another single character.", path);
        if (Directory.Exists(path))
            throw new MlOpsException(ErrorCodes.DataFileUnreadable, $"The data file '{path}' is a directory. Point it at a .csv or .tsv file.", path);
        if (!File.Exists(path))
            throw new MlOpsException(ErrorCodes.DataFileMissing,
                $"The data file '{path}' does not exist (full path: {Path.GetFullPath(path)}). Check the path, which is relative to the project folder.", path);
        try
        {
            return LoadFile(path, options, progress);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MlOpsException(ErrorCodes.DataFileMissing, $"The data file '{path}' does not exist: {e.Message}", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException(ErrorCodes.DataFileUnreadable,
                $"The data file '{path}' cannot be read: {e.Message} Check that it is not locked by another program and that you may read it.", path);
        }
    }

    private static StreamReader Open(string path) => new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    private static TabularData LoadFile(string path, CsvOptions options, Action<LoadProgress>? progress)
    {
        var sample = ReadSample(path);
        if (sample.Length == 0)
            throw new MlOpsException(ErrorCodes.DataFileEmpty, $"The data file '{path}' has no data: it is empty or only blank lines.", path);

        var detectedSeparator = options.Separator is null;
        var separator = options.Separator ?? CsvDetection.DetectSeparator(sample, options.Quoting, path) ?? ',';
        var sampleRecords = CsvDetection.ReadSample(sample, separator, options.Quoting, path);
        var hasHeader = options.HasHeader ?? CsvDetection.DetectHeader(sampleRecords);

        using var reader = Open(path);
        var records = new CsvRecordReader(reader, separator, options.Quoting.QuotesFields(separator), path);
        var first = new List<string?>();
        if (!records.TryRead(first))
            throw new MlOpsException(ErrorCodes.DataFileEmpty, $"The data file '{path}' has no data: it is empty or only blank lines.", path);

        var width = first.Count;
        var names = hasHeader ? HeaderNames(first) : Enumerable.Range(0, width).Select(i => $"Column{i}").ToArray();
        var columns = new ColumnBuilder[width];
        for (var i = 0; i < width; i++) columns[i] = new ColumnBuilder();
        var lines = new List<int>();
        var firstLine = records.RecordLine;
        if (!hasHeader)
        {
            for (var i = 0; i < width; i++) columns[i].Add(first[i]);
            lines.Add(firstLine);
        }

        // Fields beyond the header's width are dropped here; the row is then refused as ragged.
        CsvRecordReader.FieldSink add = (i, text) => { if (i < width) columns[i].Add(text); };
        var bytes = reader.BaseStream.Length;
        while (records.TryRead(add))
        {
            if (records.FieldCount != width) throw Ragged(path, records.RecordLine, width, records.FieldCount, hasHeader, detectedSeparator, separator);
            lines.Add(records.RecordLine);
            if (progress is not null && lines.Count % ProgressRows == 0) progress(new LoadProgress(lines.Count, Fraction(reader.BaseStream.Position, bytes)));
        }
        progress?.Invoke(new LoadProgress(lines.Count, 1));

        if (lines.Count == 0)
            throw new MlOpsException(ErrorCodes.DataFileHeaderOnly,
                $"The data file '{path}' has a header line but no data rows. Add rows, or set MlOpsHasHeader=false if the first line is data.", path, firstLine);

        return new TabularData(path, separator, hasHeader, names, Array.ConvertAll(columns, c => c.Build()))
        {
            LineNumbers = [.. lines],
            Warnings = records.MultiLine.Warning(path) is { } warning ? [warning] : [],
        };
    }

    private static double Fraction(long position, long length) => length == 0 ? 1 : Math.Min(1, (double)position / length);

    /// <summary>The first non-blank lines, joined with \n, for detection; empty when the file has none.</summary>
    private static string ReadSample(string path)
    {
        using var reader = Open(path);
        var sb = new StringBuilder();
        var taken = 0;
        while (taken < CsvDetection.SampleLines && reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            sb.Append(line).Append('\n');
            taken++;
        }
        return sb.ToString();
    }

    /// <summary>Header names as users see them: trimmed, a leading '#' dropped, Column{i} for an empty one, _1, _2, ... for repeats.</summary>
    internal static string[] HeaderNames(List<string?> fields)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i]?.Trim() ?? "";
            if (i == 0 && name.StartsWith('#')) name = name[1..].Trim();
            if (name.Length == 0) name = $"Column{i}";
            var unique = name;
            for (var k = 1; !used.Add(unique); k++) unique = $"{name}_{k}";
            names[i] = unique;
        }
        return names;
    }

    private static MlOpsException Ragged(string path, int line, int expected, int actual, bool hasHeader, bool detected, char separator)
    {
        var reference = hasHeader ? "the header has" : "the first row has";
        var hint = detected
            ? $" The separator was detected as '{Printable(separator)}'; if that is wrong, set MlOpsSeparator. Otherwise fix the row (quote fields that contain '{Printable(separator)}')."
            : $" Fix the row: quote fields that contain '{Printable(separator)}', or check MlOpsSeparator.";
        return new MlOpsException(ErrorCodes.RaggedRow,
            $"Line {line} has {actual} fields but {reference} {expected}.{hint}", path, line);
    }

    private static string Printable(char c) => c switch { '\t' => "\\t", '\r' => "\\r", '\n' => "\\n", _ => c.ToString() };
}
