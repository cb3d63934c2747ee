using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Monitoring;

namespace MlOps.Serving.Capture;

/// <summary>Where the capture writer puts rows; used by its one background thread only.</summary>
internal interface ICaptureSink : IDisposable
{
    /// <summary>Writes (or buffers) one row; counts it, or counts why it was dropped.</summary>
    void Write(CapturedRow row, DateTime now);
    /// <summary>Hands what is buffered to the OS: called after each batch (every <see cref="CaptureWriter.FlushInterval"/>).</summary>
    void Flush();
    /// <summary>Time-driven work: age rotation of a file no row came to, resuming after a pause.</summary>
    void Tick(DateTime now);
}

/// <summary>
/// CSV files in the capture folder: capture-* for predictions, labeled-* for joined labels, under one disk budget
/// (MlOps:CaptureMaxMB) that counts every file in the folder. At the budget, capture pauses (mlops_capture_paused 1,
/// rows dropped as "full") and re-measures the folder every few seconds, so it resumes once files are taken away.
/// A folder that cannot be written is logged once (MLOPS6036), its rows dropped as "error", retried every few seconds.
/// </summary>
internal sealed class CsvSink : ICaptureSink
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);
    private readonly string _folder;
    private readonly CaptureColumns _columns;
    private readonly LoopMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CaptureFile _captures, _labeled;
    private readonly long _budget;
    private readonly StringBuilder _line = new();
    private long _used;
    private bool _paused;
    private DateTime _measured, _failedAt = DateTime.MinValue;

    public CsvSink(string folder, CaptureColumns columns, ServingOptions options, LoopMetrics metrics, ILogger logger)
    {
        _folder = Path.GetFullPath(folder);
        _columns = columns;
        _metrics = metrics;
        _logger = logger;
        _budget = options.CaptureMaxMB * 1024 * 1024;
        var (size, age) = (options.CaptureRotateMB * 1024 * 1024, TimeSpan.FromMinutes(options.CaptureRotateMinutes));
        _captures = new CaptureFile(_folder, CaptureFiles.CapturePrefix, columns.Header, size, age);
        _labeled = new CaptureFile(_folder, CaptureFiles.LabeledPrefix, columns.Header, size, age);
        _used = Measure();
        _measured = DateTime.UtcNow;
    }

    public void Write(CapturedRow row, DateTime now)
    {
        if (_paused || now - _failedAt < Recheck)
        {
            _metrics.CaptureDropped.WithLabels(_paused ? LoopMetrics.Full : LoopMetrics.Error).Inc();
            return;
        }
        _line.Clear();
        _columns.AppendCsv(_line, row);
        var line = _line.ToString();
        var bytes = Encoding.UTF8.GetByteCount(line) + 1;
        if (_used + bytes > _budget)
        {
            Pause(now);
            _metrics.CaptureDropped.WithLabels(LoopMetrics.Full).Inc();
            return;
        }
        var file = row.Label is null ? _captures : _labeled;
        if (!Try(file, () => _used += file.Write(line, bytes, now), now)) return;
        if (row.Label is null) _metrics.CaptureRows.Inc();
        if (_failedAt != DateTime.MinValue)
        {
            _failedAt = DateTime.MinValue;
            _logger.LogInformation("Data capture writes to {Folder} again.", _folder);
        }
    }

    public void Flush()
    {
        var now = DateTime.UtcNow;
        Try(_captures, _captures.Flush, now);
        Try(_labeled, _labeled.Flush, now);
    }

    public void Tick(DateTime now)
    {
        Try(_captures, () => _captures.Tick(now), now);
        Try(_labeled, () => _labeled.Tick(now), now);
        if (_paused && now - _measured >= Recheck)
        {
            _used = Measure();
            _measured = now;
            if (_used < _budget)
            {
                _paused = false;
                _metrics.CapturePaused.Set(0);
                _logger.LogInformation("Data capture resumed: {Folder} holds {MB:0.0} MiB of its {Budget} MiB budget.", _folder, _used / 1048576.0, _budget / 1048576);
            }
        }
    }

    public void Dispose()
    {
        Try(_captures, _captures.Close, DateTime.UtcNow);
        Try(_labeled, _labeled.Close, DateTime.UtcNow);
    }

    private void Pause(DateTime now)
    {
        _paused = true;
        _measured = now;
        _metrics.CapturePaused.Set(1);
        _logger.LogWarning("Data capture paused: {Folder} reached its budget of {Budget} MiB (MLOPS_CAPTURE_MAX_MB); rows are dropped until files are taken away.",
            _folder, _budget / 1048576);
    }

    /// <summary>Runs a file operation; a disk or permission failure drops the row and is logged once per failure streak
    /// (a streak ends at the next row written).</summary>
    private bool Try(CaptureFile file, Action action, DateTime now)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.Abandon();
            _metrics.CaptureDropped.WithLabels(LoopMetrics.Error).Inc();
            if (_failedAt == DateTime.MinValue)
                _logger.LogError("{Code}: data capture cannot write to {Folder}: {Message} Rows are dropped (mlops_capture_dropped_total{{reason=\"error\"}}); scoring goes on; retrying every {Seconds} s.",
                    ErrorCodes.CaptureWriteFailed, _folder, e.Message, Recheck.TotalSeconds);
            _failedAt = now;
            return false;
        }
    }

    /// <summary>Bytes of every file in the folder (captures of earlier runs and other replicas count too).</summary>
    private long Measure()
    {
        try
        {
            Directory.CreateDirectory(_folder);
            return new DirectoryInfo(_folder).EnumerateFiles().Sum(f => f.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }
}

/// <summary>
/// JSON lines on stdout (MlOps:CaptureSink=stdout), for clusters whose log shipper collects them: one object per row
/// with the capture file's fields, written in one call per batch so no log line lands inside one. Labeled rows are
/// the lines whose label field is not null. No files, so no rotation or budget.
/// </summary>
internal sealed class StdoutSink(CaptureColumns columns, LoopMetrics metrics, TextWriter output) : ICaptureSink
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json = new(Stream.Null);

    public void Write(CapturedRow row, DateTime now)
    {
        _json.Reset(_buffer);
        columns.WriteJson(_json, row);
        _json.Flush();
        _buffer.Write("\n"u8);
        if (row.Label is null) metrics.CaptureRows.Inc();
    }

    public void Flush()
    {
        if (_buffer.WrittenCount == 0) return;
        output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        output.Flush();
        _buffer.ResetWrittenCount();
    }

    public void Tick(DateTime now) { }

    public void Dispose()
    {
        Flush();
        _json.Dispose();
    }
}
