using MlOps.Serving.Scoring;

namespace MlOps.Serving.Capture;

/// <summary>
/// One answered row as the production loop keeps it: what came in (the model inputs, and the raw text of the schema's
/// columns that are no feature), what went out, when, under which id. The pending set holds these for /feedback, and
/// the capture writer formats them; a labeled row is the same with <see cref="Label"/> set.
/// </summary>
/// <param name="Row">The model inputs; null when capture is off (live metrics need only the answer).</param>
/// <param name="Others">Text of the schema's non-feature columns (<see cref="CaptureColumns.Others"/> order), null when none or capture is off.</param>
/// <param name="Label">The true label in training-file form; null in capture rows.</param>
public sealed record CapturedRow(string Id, Prediction Prediction, FeatureRow? Row, string?[]? Others, DateTime Time, string? Label = null)
{
    private int _labeled;

    /// <summary>True the first time only: a prediction takes one label.</summary>
    public bool TryMarkLabeled() => Interlocked.Exchange(ref _labeled, 1) == 0;
}
