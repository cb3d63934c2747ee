using MlOps.Core.Artifacts;
using MlOps.Core.Schema;

namespace MlOps.Tool.Cards;

/// <summary>Everything a model card is made from: the model's four output files' contents plus what the project says.</summary>
public sealed record ModelCardInput
{
    /// <summary>Default intended-use sentence, for teams that have not written their own (MlOpsModelCardDescription).</summary>
    public const string DefaultDescription =
        "Intended for predictions on new rows drawn from the same population as the training data; review the limitations before relying on it for decisions about people.";

    /// <summary>The model's name: the package id, else the project name.</summary>
    public required string Name { get; init; }
    /// <summary>The model version ($(Version)).</summary>
    public required string Version { get; init; }
    public string Description { get; init; } = DefaultDescription;
    public string? RepositoryUrl { get; init; }
    /// <summary>Who answers for the model (Authors), its license (PackageLicenseExpression) and where to ask (PackageProjectUrl).</summary>
    public string? Owners { get; init; }
    public string? License { get; init; }
    public string? Contact { get; init; }
    /// <summary>The project's Copyright notice.</summary>
    public string? Copyright { get; init; }
    public required Manifest Manifest { get; init; }
    public required MetricsReport Metrics { get; init; }
    public required DataSchema Schema { get; init; }
}
