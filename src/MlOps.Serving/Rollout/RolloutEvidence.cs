using MlOps.Core.Metrics;
using MlOps.Serving.Capture;

namespace MlOps.Serving.Rollout;

/// <summary>
/// What the service learns about the two models from traffic: agreement on the rows both scored, rows the background
/// model never scored (queue full), and, from /feedback, each model's live quality and the paired evidence of the
/// labeled rows both scored. GET /rollout and the mlops_rollout_* / mlops_shadow_* metrics read it.
/// </summary>
public sealed class RolloutEvidence(ServedModels models, ServingOptions options)
{
    private long _dropped;

    public Agreement Agreement { get; } = new(models.Challenger.Files.Schema.Task, options.AgreementTolerance, options.FeedbackWindow);
    public PairedEvidence Paired { get; } = new(models.Challenger.Files.Schema, models.Challenger.Files.Manifest.OptimizingMetric, options.FeedbackWindow);
    /// <summary>Rows the model that did not answer never scored: its queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Drop() => Interlocked.Increment(ref _dropped);

    /// <summary>A joined label: live quality of each model that scored the row, and paired evidence when both did.
    /// A label that came before the background model's answer counts for the answering model only.</summary>
    public void Labeled(string label, CapturedRow row)
    {
        foreach (var model in models.All)
            if (row.AnswerOf(model.Role) is { } answer) model.Live.Add(label, answer.Predicted, answer.Score);
        if (row.AnswerOf(ModelRole.Champion) is { } champion && row.AnswerOf(ModelRole.Challenger) is { } challenger && models.TwoModels)
            Paired.Add(new PairedRow(label, champion.Predicted, champion.Score, challenger.Predicted, challenger.Score));
    }
}
