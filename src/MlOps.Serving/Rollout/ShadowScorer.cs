using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Capture;
using MlOps.Serving.Feedback;
using MlOps.Serving.Monitoring;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Rollout;

/// <summary>
/// The model that did not answer scores the same rows off the request path (shadow and canary): a bounded queue of
/// MLOPS_SHADOW_QUEUE rows and one worker. A full queue drops the row for that model (counted); queueing never waits,
/// so the answer is never delayed or failed by the other model. The worker compares the answers, gives the pending
/// prediction the other answer (for paired evidence at /feedback) and hands the row, now with both answers, to capture.
/// </summary>
public sealed class ShadowScorer : IHostedService, IDisposable
{
    private const int MaxBatch = 256;
    /// <summary>How often the worker wakes when the queue fills slowly.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly ServingMetrics _metrics;
    private readonly RolloutEvidence _evidence;
    private readonly PendingPredictions _pending;
    private readonly CaptureWriter _capture;
    private readonly ILogger<ShadowScorer> _logger;
    private readonly Tuning _tuning;
    private readonly Channel<Item> _queue;
    private readonly BatchWake _wake;
    private Task? _loop;
    private long _failures;

    /// <summary>Tests hold the worker before each batch here, to fill the queue.</summary>
    public sealed record Tuning(Func<Task>? BeforeBatch = null);

    /// <param name="Row">The validated row (challenger layout).</param>
    /// <param name="Answered">The row as answered, for capture; the other answer is added to it.</param>
    private sealed record Item(FeatureRow Row, long Sequence, CapturedRow Answered, ServedModel Other);

    public ShadowScorer(ServingOptions options, ServingMetrics metrics, RolloutEvidence evidence, PendingPredictions pending,
        CaptureWriter capture, ILogger<ShadowScorer> logger, Tuning tuning)
    {
        _metrics = metrics;
        _evidence = evidence;
        _pending = pending;
        _capture = capture;
        _logger = logger;
        _tuning = tuning;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.ShadowQueue)
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.Wait, // Wait makes TryWrite say false when full
        });
        _wake = new BatchWake(Math.Max(1, options.ShadowQueue / 8), Interval);
    }

    /// <summary>Queues the row for <paramref name="other"/>; false (counted as dropped) when the queue is full.</summary>
    public bool TryQueue(FeatureRow row, long sequence, CapturedRow answered, ServedModel other)
    {
        if (_queue.Writer.TryWrite(new Item(row, sequence, answered, other)))
        {
            _wake.Queued();
            return true;
        }
        _evidence.Drop();
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Scores what is queued, then stops (within the host's shutdown timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _wake.Now();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken);
    }

    /// <summary>Wakes as <see cref="BatchWake"/> says, then scores everything queued, <see cref="MaxBatch"/> rows per call.</summary>
    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Item>(MaxBatch);
        while (true)
        {
            if (!reader.Completion.IsCompleted) await _wake.WaitAsync();
            if (_tuning.BeforeBatch is { } gate) await gate();
            while (true)
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
                if (batch.Count == 0) break;
                _wake.Taken(batch.Count);
                Score(batch);
                batch.Clear();
            }
            if (reader.Completion.IsCompleted) break; // completed and drained: the host is stopping
        }
    }

    /// <summary>In canary both models have rows to score in the background: one scoring call per model.</summary>
    private void Score(List<Item> batch)
    {
        foreach (var group in batch.GroupBy(i => i.Other))
        {
            var items = group.ToList();
            Prediction[]? predictions = null;
            try { predictions = group.Key.Score([.. items.Select(i => i.Row)], _metrics); }
            catch (ScoringFailedException e) { Failed(e); }
            for (var i = 0; i < items.Count; i++) Complete(items[i], predictions?[i]);
        }
    }

    /// <summary>The row has both answers (or the other model failed on it): compared, held for /feedback, captured.</summary>
    private void Complete(Item item, Prediction? other)
    {
        var row = item.Answered;
        if (other is not null)
        {
            var (predicted, score) = CapturedRow.Answer(other);
            _evidence.Agreement.Add(_evidence.Agreement.Agrees(row.Predicted, row.Score, predicted, score));
            _pending.SetOther(item.Sequence, predicted, score);
            row = row with { Other = (predicted, score) };
        }
        if (_capture.Enabled) _capture.Capture(row);
    }

    /// <summary>Logged for the first failure and then every 1000th: a broken background model must not flood the log.</summary>
    private void Failed(ScoringFailedException e)
    {
        if (Interlocked.Increment(ref _failures) % 1000 == 1)
            _logger.LogError(e.InnerException, "{Code}: the {Model} failed to score rows in the background ({Count} failures so far); answers are unaffected.",
                ErrorCodes.PredictionFailed, e.Model.Name, Interlocked.Read(ref _failures));
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _wake.Dispose();
    }
}
