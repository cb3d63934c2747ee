using MlOps.Serving.Feedback;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Capture;

/// <summary>After scoring: each answered row joins the pending set (for /feedback) and, while capture is on, the capture queue.</summary>
public sealed class PredictionRecorder(PendingPredictions pending, CaptureWriter capture)
{
    public void Record(IReadOnlyList<FeatureRow> rows, IReadOnlyList<Prediction> predictions, IReadOnlyList<RowExtras> extras)
    {
        var now = DateTime.UtcNow;
        var keepInputs = capture.Enabled; // labeled files need the inputs; live metrics alone do not
        for (var i = 0; i < rows.Count; i++)
        {
            var (predicted, score) = CapturedRow.Answer(predictions[i]);
            var row = new CapturedRow(extras[i].Id, predicted, score, keepInputs ? rows[i] : null, extras[i].Others, now);
            pending.Add(extras[i].Sequence, extras[i].ClientId ? extras[i].Id : null, row);
            if (keepInputs) capture.Capture(row);
        }
    }
}
