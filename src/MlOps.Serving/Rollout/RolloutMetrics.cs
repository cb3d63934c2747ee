using MlOps.Serving.Monitoring;
using Prometheus;

namespace MlOps.Serving.Rollout;

/// <summary>
/// The rollout's series (docs/rollout.md, "Metrics"): the mode, the canary share, background drops, agreement, and the
/// paired evidence. All are read from <see cref="RolloutEvidence"/> when Prometheus scrapes; the paired bootstrap runs
/// then too, and only when new paired labels arrived (<see cref="PairedEvidence"/> caches it).
/// </summary>
public sealed class RolloutMetrics
{
    public RolloutMetrics(ServingMetrics serving, ServedModels models, RolloutEvidence evidence, ServingOptions options)
    {
        var factory = Metrics.WithCustomRegistry(serving.Registry);
        var mode = factory.CreateGauge("mlops_rollout_mode", "1 for the running rollout mode (off, shadow, canary, champion), 0 for the others.", "mode");
        foreach (var kind in RolloutMode.Kinds) mode.WithLabels(RolloutMode.NameOf(kind)).Set(kind == models.Mode.Kind ? 1 : 0);
        factory.CreateGauge("mlops_rollout_canary_percent", "The share of routing keys the challenger answers in canary mode (0 otherwise).")
            .Set(models.Mode.Kind == RolloutKind.Canary ? models.Mode.CanaryPercent : 0);
        // Totals the evidence keeps, brought up to date at each scrape.
        var dropped = factory.CreateCounter("mlops_shadow_dropped_total", "Rows the model that did not answer never scored: its queue (MLOPS_SHADOW_QUEUE) was full.");
        var compared = factory.CreateCounter("mlops_shadow_compared_total", "Rows both models scored.");
        var agreed = factory.CreateCounter("mlops_shadow_agreed_total",
            "Rows both models scored where they agree (same label; regression: within MLOPS_AGREEMENT_TOLERANCE).");
        var ratio = factory.CreateGauge("mlops_shadow_agreement_ratio", "Agreed / compared over the last MLOPS_FEEDBACK_WINDOW compared rows.",
            new GaugeConfiguration { SuppressInitialValue = true });
        var paired = factory.CreateGauge("mlops_rollout_paired_rows", "Labeled rows both models scored (the paired evidence).");
        var worseBy = factory.CreateGauge("mlops_rollout_worse_by",
            $"How much worse the challenger is on the live metric over the paired rows: the estimate and one-sided bounds at MLOPS_ROLLOUT_CONFIDENCE ({options.RolloutConfidence}).",
            "metric", "bound");
        serving.Registry.AddBeforeCollectCallback(() =>
        {
            dropped.IncTo(evidence.Dropped);
            compared.IncTo(evidence.Agreement.Compared);
            agreed.IncTo(evidence.Agreement.Agreed);
            if (evidence.Agreement.Ratio() is { } r) ratio.Set(r);
            paired.Set(evidence.Paired.Rows);
            if (evidence.Paired.Compare(options.RolloutConfidence) is not { } result) return;
            worseBy.WithLabels(result.Metric, "estimate").Set(result.WorseBy);
            worseBy.WithLabels(result.Metric, "lower").Set(result.Lower);
            worseBy.WithLabels(result.Metric, "upper").Set(result.Upper);
        });
    }
}
