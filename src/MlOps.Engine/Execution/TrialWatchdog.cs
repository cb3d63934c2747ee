namespace MlOps.Engine.Execution;

/// <summary>
/// Runs one trial on a worker thread and waits for it at most until a deadline. An overrunning trial
/// is cancelled (best effort) and abandoned, so the search never waits past its budget.
/// </summary>
internal static class TrialWatchdog
{
    public enum Status { Completed, TimedOut }

    /// <param name="timeout">Null waits for completion (the first trial must produce a model).</param>
    public static (Status Status, T? Result) Run<T>(Func<TrialCancellation, T> work, TimeSpan? timeout, CancellationToken token)
    {
        var cancellation = new TrialCancellation();
        var task = Task.Factory.StartNew(() => work(cancellation), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var finished = timeout is { } t
                ? task.Wait(t < TimeSpan.Zero ? TimeSpan.Zero : t, token)
                : WaitForever(task, token);
            if (!finished)
            {
                cancellation.Cancel();
                // Observe the abandoned task's eventual exception so it never surfaces as unobserved.
                task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                return (Status.TimedOut, default);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            cancellation.Cancel();
            task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
        }
        return (Status.Completed, task.Result);
    }

    private static bool WaitForever(Task task, CancellationToken token)
    {
        task.Wait(token);
        return true;
    }
}
