using MlOps.Core.Schema;

namespace MlOps.Serving.Rollout;

/// <summary>
/// How often the two models agree on the rows both scored: the same label, or for a regression values within
/// MLOPS_AGREEMENT_TOLERANCE of the larger magnitude. Totals since start, and the ratio over the last
/// MLOPS_FEEDBACK_WINDOW compared rows (a ring of outcomes).
/// </summary>
public sealed class Agreement(MlTask task, double tolerance, int window)
{
    private readonly bool[] _recent = new bool[window];
    private long _compared, _agreed;

    public long Compared => Interlocked.Read(ref _compared);
    public long Agreed => Interlocked.Read(ref _agreed);

    public bool Agrees(string? predicted, float score, string? otherPredicted, float otherScore) => task == MlTask.Regression
        ? Math.Abs(score - otherScore) <= tolerance * Math.Max(Math.Abs(score), Math.Abs(otherScore))
        : predicted == otherPredicted;

    public void Add(bool agreed)
    {
        lock (_recent)
        {
            _recent[_compared % _recent.Length] = agreed;
            _compared++;
            if (agreed) _agreed++;
        }
    }

    /// <summary>Agreed / compared over the window; null before any compared row.</summary>
    public double? Ratio()
    {
        lock (_recent)
        {
            var n = (int)Math.Min(_compared, _recent.Length);
            return n == 0 ? null : (double)_recent.AsSpan(0, n).Count(true) / n;
        }
    }
}
