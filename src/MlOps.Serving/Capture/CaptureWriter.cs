using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Serving.Monitoring;

namespace MlOps.Serving.Capture;

/// <summary>
/// Data capture off the request path: requests put rows into a bounded queue (never waiting: a full queue drops the
/// row and counts it, reason "queue"), one background loop writes them to the sink every 100 ms and flushes. Stopping the host completes the queue and waits for the loop to write what is left and close its files.
/// Off (nothing queued, no thread) unless MlOps:CaptureDir is set.
/// </summary>
public sealed class CaptureWriter : IHostedService, IDisposable
{
    /// <summary>How often the writer wakes: the most a crash loses beyond the queue is what it wrote since.</summary>
    internal static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private readonly ServingOptions _options;
    private readonly CaptureColumns _columns;
    private readonly LoopMetrics _metrics;
    private readonly ILogger<CaptureWriter> _logger;
    private readonly Tuning _tuning;
    private readonly Channel<CapturedRow> _queue;
    private readonly ulong _sampleBelow;
    private readonly BatchWake _wake;
    private Task? _loop;

    /// <summary>Internals tests turn: the queue's size, a gate the loop awaits before each batch, stdout's writer.</summary>
    /// <remarks>The queue's rows are mostly held by the pending set anyway (the last MLOPS_FEEDBACK_PENDING predictions),
    /// so a large queue costs little memory; it has to take a big /predict/batch request whole.</remarks>
    public sealed record Tuning(int QueueCapacity = 65536, Func<Task>? BeforeBatch = null, TextWriter? Stdout = null);

    public CaptureWriter(ServingOptions options, CaptureColumns columns, LoopMetrics metrics, ILogger<CaptureWriter> logger, Tuning tuning)
    {
        _options = options;
        _columns = columns;
        _metrics = metrics;
        _logger = logger;
        _tuning = tuning;
        _queue = Channel.CreateBounded<CapturedRow>(new BoundedChannelOptions(tuning.QueueCapacity)
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.Wait, // Wait makes TryWrite say false when full
        });
        _wake = new BatchWake(Math.Max(1, tuning.QueueCapacity / 8), FlushInterval);
        _sampleBelow = options.CaptureSample >= 1 ? ulong.MaxValue : (ulong)(options.CaptureSample * ulong.MaxValue);
    }

    public bool Enabled => _options.CaptureDir is not null;

    /// <summary>Queues a prediction if its id is in the sample (the same id is always in or always out).</summary>
    public void Capture(CapturedRow row)
    {
        if (_sampleBelow != ulong.MaxValue && Hash(row.Id) >= _sampleBelow) return;
        Queue(row);
    }

    /// <summary>Queues a labeled row: every joined label, sampled or not, since labels are the scarce part.</summary>
    public void Label(CapturedRow row) => Queue(row);

    /// <summary>Never waits. A queue filling up wakes the writer before its next interval (once per batch it writes).</summary>
    private void Queue(CapturedRow row)
    {
        if (!_queue.Writer.TryWrite(row)) _metrics.CaptureDropped.WithLabels(LoopMetrics.Queue).Inc();
        else _wake.Queued();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled) return Task.CompletedTask;
        ICaptureSink sink = _options.CaptureSink == CaptureSink.Stdout
            ? new StdoutSink(_columns, _metrics, _tuning.Stdout ?? Console.Out)
            : new CsvSink(_options.CaptureDir!, _columns, _options, _metrics, _logger);
        _logger.LogInformation("Data capture on: {Sink} {Folder}, sample {Sample}.", _options.CaptureSink, _options.CaptureDir, _options.CaptureSample);
        _loop = Task.Run(() => RunAsync(sink), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Drains the queue and closes the files (renamed to .csv), within the host's shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _wake.Now();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken);
    }

    /// <summary>Wakes every <see cref="FlushInterval"/>, or early when the queue is an eighth full (not per row: a wake-up
    /// per request costs the request path a thread hand-off), writes what is queued, hands it to the OS, and does the
    /// sink's time-driven work.</summary>
    private async Task RunAsync(ICaptureSink sink)
    {
        using var _ = sink;
        var reader = _queue.Reader;
        while (true)
        {
            if (!reader.Completion.IsCompleted) await _wake.WaitAsync();
            if (_tuning.BeforeBatch is { } gate) await gate();
            var now = DateTime.UtcNow;
            var written = 0;
            while (reader.TryRead(out var row))
            {
                written++;
                try { sink.Write(row, now); }
                catch (Exception e) { Failed(e); }
            }
            _wake.Taken(written);
            Guarded(sink.Flush);
            Guarded(() => sink.Tick(now));
            if (reader.Completion.IsCompleted) break; // completed and drained: the host is stopping
        }
    }

    private void Guarded(Action action)
    {
        try { action(); }
        catch (Exception e) { Failed(e); }
    }

    /// <summary>The loop never dies of a bug in one row: it logs and goes on (the sinks handle disk errors themselves).</summary>
    private void Failed(Exception e)
    {
        _metrics.CaptureDropped.WithLabels(LoopMetrics.Error).Inc();
        _logger.LogError(e, "{Code}: data capture failed to write.", Core.Diagnostics.ErrorCodes.CaptureWriteFailed);
    }

    public void Dispose() => _wake.Dispose();

    /// <summary>FNV-1a of the id: a stable 64-bit value whose share below a threshold is the sample.</summary>
    internal static ulong Hash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id) hash = (hash ^ c) * 1099511628211UL;
        // FNV's bits mix poorly for short keys that differ at the end (counters): finish with SplitMix64's mixer.
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
