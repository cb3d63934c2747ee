using MlOps.Serving.Feedback;
using MlOps.Serving.Rollout;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Capture;

/// <summary>After scoring: each answered row joins the pending set (for /feedback) and goes to the model that did not
/// answer, when one scores in the background (shadow, canary); capture takes the row once that model has scored it or
/// its queue dropped it, so both answers are in one line. Without a background model the row is captured at once.</summary>
public sealed class PredictionRecorder(PendingPredictions pending, CaptureWriter capture, ServedModels models, ShadowScorer shadow)
{
    public void Record(IReadOnlyList<FeatureRow> rows, IReadOnlyList<Prediction> predictions, IReadOnlyList<ServedModel> answered,
        IReadOnlyList<RowExtras> extras)
    {
        var now = DateTime.UtcNow;
        var keepInputs = capture.Enabled; // labeled files need the inputs; live metrics alone do not
        for (var i = 0; i < rows.Count; i++)
        {
            var (predicted, score) = CapturedRow.Answer(predictions[i]);
            var row = new CapturedRow(extras[i].Id, predicted, score, keepInputs ? rows[i] : null, extras[i].Others, now) { Model = answered[i].Role };
            pending.Add(extras[i].Sequence, extras[i].ClientId ? extras[i].Id : null, row);
            if (models.Shadow(answered[i]) is { } other && shadow.TryQueue(rows[i], extras[i].Sequence, row, other)) continue;
            if (keepInputs) capture.Capture(row);
        }
    }
}
