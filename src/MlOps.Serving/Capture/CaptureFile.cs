using System.Globalization;
using System.Text;

namespace MlOps.Serving.Capture;

/// <summary>
/// One series of rotating CSV files, <c>&lt;prefix&gt;-&lt;UTC&gt;-&lt;n&gt;.csv</c>: each is written as <c>….csv.open</c>
/// (header first) and, once past the size or age limit or on close, flushed to disk (fsync) and renamed to <c>….csv</c>,
/// so a wildcard over <c>*.csv</c> sees only complete files. Opened lazily: an idle service leaves no empty file.
/// </summary>
internal sealed class CaptureFile(string folder, string prefix, string header, long rotateBytes, TimeSpan rotateAge) : IDisposable
{
    private const int BufferBytes = 64 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly int _headerBytes = Utf8.GetByteCount(header) + 1;
    private StreamWriter? _writer;
    private string? _path;
    private long _size;
    private DateTime _opened;
    private int _sequence;

    /// <summary>Writes one line (its UTF-8 size given); returns the bytes it added to the folder, header included.</summary>
    public long Write(string line, int bytes, DateTime now)
    {
        if (_writer is not null && (_size + bytes > rotateBytes && _size > _headerBytes || now - _opened >= rotateAge)) Close();
        long added = bytes;
        if (_writer is null)
        {
            Open(now);
            added += _headerBytes;
        }
        _writer!.Write(line);
        _writer.Write('\n');
        _size += bytes;
        return added;
    }

    /// <summary>Hands buffered lines to the OS (a process crash no longer loses them; a machine crash may).</summary>
    public void Flush() => _writer?.Flush();

    /// <summary>Closes a file that reached its age while no row came.</summary>
    public void Tick(DateTime now)
    {
        if (_writer is not null && now - _opened >= rotateAge) Close();
    }

    /// <summary>Flushes to disk and renames ….csv.open to ….csv.</summary>
    public void Close()
    {
        if (_writer is not { } writer) return;
        _writer = null;
        try
        {
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        finally { writer.Dispose(); }
        File.Move(_path + ".open", _path!);
    }

    /// <summary>After a failed write: lets go of the file without renaming it (its last line may be partial).</summary>
    public void Abandon()
    {
        var writer = _writer;
        _writer = null;
        try { writer?.Dispose(); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => Close();

    private void Open(DateTime now)
    {
        var stamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        while (true)
        {
            var path = Path.Combine(folder, $"{prefix}-{stamp}-{++_sequence}.csv");
            if (File.Exists(path)) continue;
            FileStream stream;
            // CreateNew: another replica writing to the same folder can never share a name with this one.
            try { stream = new FileStream(path + ".open", FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0); }
            catch (IOException) when (File.Exists(path + ".open")) { continue; }
            _writer = new StreamWriter(stream, Utf8, BufferBytes);
            _writer.Write(header);
            _writer.Write('\n');
            _path = path;
            _size = _headerBytes;
            _opened = now;
            return;
        }
    }
}
