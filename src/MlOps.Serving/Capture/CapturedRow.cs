using MlOps.Serving.Rollout;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Capture;

/// <summary>
/// One answered row as capture writes it: what came in (the model inputs, and the raw text of the schema's columns that
/// are no feature), what went out, when, under which id. A labeled row is the same with <see cref="Label"/> set.
/// </summary>
/// <param name="Predicted">The predicted class (one of the model's class strings, shared, not a copy); null for regression.</param>
/// <param name="Score">mlops_score: binary the probability, multiclass the predicted class's score, regression the value.</param>
/// <param name="Row">The model inputs; null when capture is off.</param>
/// <param name="Others">Text of the schema's non-feature columns (<see cref="CaptureColumns.Others"/> order), null when none or capture is off.</param>
/// <param name="Label">The true label in training-file form; null in capture rows.</param>
public sealed record CapturedRow(string Id, string? Predicted, float Score, FeatureRow? Row, string?[]? Others, DateTime Time, string? Label = null)
{
    /// <summary>Who answered (<see cref="Predicted"/> and <see cref="Score"/> are its answer).</summary>
    public ModelRole Model { get; init; }
    /// <summary>The other model's answer, once it scored the row in the background; null when it did not (yet).</summary>
    public (string? Predicted, float Score)? Other { get; init; }

    /// <summary>The answer of <paramref name="role"/>, null when that model did not score the row.</summary>
    public (string? Predicted, float Score)? AnswerOf(ModelRole role) => role == Model ? (Predicted, Score) : Other;

    /// <summary>What the row keeps of a prediction: the class and mlops_score (no per-row copies).</summary>
    public static (string? Predicted, float Score) Answer(Prediction p)
    {
        if (p.Classes is { } classes)
            for (var i = 0; i < classes.Count; i++)
                if (classes[i] == p.Label) return (classes[i], p.Scores![i]);
        return p.Label is null ? (null, p.Score) : (p.Label, p.Probability);
    }
}
