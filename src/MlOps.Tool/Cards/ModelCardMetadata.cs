using System.Globalization;
using MlOps.Core.Artifacts;

namespace MlOps.Tool.Cards;

/// <summary>
/// model-card.json: the card's facts for tools (catalogs, CI summaries, policy checks), one flat JSON object beside
/// the Markdown and HTML cards, so neither needs front matter a renderer would show. Keys follow the OCI annotations
/// the image and the artifact carry (README, "Conventions").
/// </summary>
public sealed record ModelCardMetadata(
    int FormatVersion, string Name, string Version, string Description, string? Owners, string? License, string? Contact, string? Copyright,
    string? Repository, string? Revision, string Task, string Label, string Trainer, string Metric, string MetricValue,
    string ModelSha256, DateTimeOffset Created)
{
    public static ModelCardMetadata From(ModelCardInput card)
    {
        var m = card.Manifest;
        return new ModelCardMetadata(1, card.Name, card.Version, card.Description, card.Owners, card.License, card.Contact, card.Copyright,
            card.RepositoryUrl, m.Git?.Commit, m.Task, m.Label, m.BestTrainer.Trainer, m.OptimizingMetric,
            m.BestTrainer.ValidationMetric.ToString("R", CultureInfo.InvariantCulture), m.ModelSha256, m.FinishedUtc);
    }
}
