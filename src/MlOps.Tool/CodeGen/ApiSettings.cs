using MlOps.Core.Artifacts;
using MlOps.Core.Schema;

namespace MlOps.Tool.CodeGen;

/// <summary>Where the typed API goes: namespace, name prefix ({Name}Input, {Name}Output, {Name}Model) and the model's resource name.</summary>
public sealed record ApiSettings(string Namespace, string Name, string ResourceName);

/// <summary>What the API states about its model, as constants; from manifest.json plus the project's version.</summary>
public sealed record ApiFacts(string Version, string Trainer, string OptimizingMetric, double ValidationMetric, string ModelSha256, string SdkVersion)
{
    public static ApiFacts From(Manifest manifest, string version) => new(
        version, manifest.BestTrainer.Trainer, manifest.OptimizingMetric, manifest.BestTrainer.ValidationMetric,
        manifest.ModelSha256, manifest.SdkVersion);
}

/// <summary>One input property: the feature column it feeds and the identifier it got.</summary>
public sealed record ApiProperty(ColumnSchema Column, string Name);
