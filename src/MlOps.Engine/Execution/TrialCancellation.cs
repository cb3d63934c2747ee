using System.Reflection;
using Microsoft.ML;

namespace MlOps.Engine.Execution;

/// <summary>
/// Stops a running trial. ML.NET 5 has no public way to cancel a Fit: MLContext.CancelExecution()
/// exists but is internal (ICancelable is internal too). So the engine stops *waiting* for an
/// overrunning trial (see <see cref="TrialWatchdog"/>), and additionally calls the internal method
/// by reflection, best effort, so the abandoned fit stops burning CPU at its next CheckAlive.
/// If a future ML.NET removes or renames it, the engine still works: the trial is just abandoned.
/// </summary>
internal sealed class TrialCancellation
{
    private static readonly MethodInfo? CancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);

    private readonly List<MLContext> _contexts = [];
    private volatile bool _cancelled;

    public bool IsCancelled => _cancelled;

    /// <summary>A fresh context for one fit, seeded so every fit of the same configuration is reproducible.</summary>
    public MLContext NewContext(int seed)
    {
        var ml = new MLContext(seed);
        lock (_contexts) _contexts.Add(ml);
        if (_cancelled) TryCancel(ml);
        return ml;
    }

    public void ThrowIfCancelled()
    {
        if (_cancelled) throw new OperationCanceledException("The trial was stopped.");
    }

    public void Cancel()
    {
        _cancelled = true;
        lock (_contexts)
            foreach (var ml in _contexts) TryCancel(ml);
    }

    private static void TryCancel(MLContext ml)
    {
        try { CancelExecution?.Invoke(ml, null); }
        catch (TargetInvocationException) { /* best effort: the trial is abandoned anyway */ }
    }
}
