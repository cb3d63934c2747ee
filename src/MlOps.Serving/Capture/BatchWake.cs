namespace MlOps.Serving.Capture;

/// <summary>
/// When a background loop (the capture writer, the shadow scorer) wakes: every <paramref name="interval"/>, or early
/// once its queue holds <paramref name="threshold"/> items, once per batch. Never per item: waking a loop for each
/// queued row costs the request path a thread hand-off per request (measured: a third of the throughput).
/// </summary>
internal sealed class BatchWake(int threshold, TimeSpan interval) : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0);
    private int _queued, _requested;

    /// <summary>An item was queued (never waits).</summary>
    public void Queued()
    {
        if (Interlocked.Increment(ref _queued) >= threshold && Interlocked.Exchange(ref _requested, 1) == 0) _wake.Release();
    }

    /// <summary>Waits for the interval or an early wake-up; the next early one can be requested from here on.</summary>
    public async Task WaitAsync()
    {
        await _wake.WaitAsync(interval);
        Volatile.Write(ref _requested, 0);
    }

    /// <summary>The loop took <paramref name="count"/> items off the queue.</summary>
    public void Taken(int count) => Interlocked.Add(ref _queued, -count);

    /// <summary>Wakes the loop now (the host is stopping).</summary>
    public void Now() => _wake.Release();

    public void Dispose() => _wake.Dispose();
}
