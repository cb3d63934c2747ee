namespace MlOps.Tool.Oci;

/// <summary>
/// Our own annotation and image-label keys. The OCI spec asks for reverse-DNS keys under a domain the author owns;
/// the project owns no domain of its own, so the keys live under io.github.mlops-sdk: the reverse of
/// mlops-sdk.github.io, which only the GitHub organization mlops-sdk controls (the convention Maven Central uses
/// for projects without a domain). Before 0.2 they were under io.mlops, a domain we do not own: readers still accept
/// those (<see cref="Read"/>), writers write only the new keys (README, "Conventions").
/// </summary>
public static class MlOpsAnnotations
{
    public const string Prefix = "io.github.mlops-sdk.";
    public const string LegacyPrefix = "io.mlops.";

    public const string DataSha256 = Prefix + "data.sha256";
    public const string ModelSha256 = Prefix + "model.sha256";
    public const string Trainer = Prefix + "model.trainer";
    public const string Metric = Prefix + "model.metric";
    public const string MetricValue = Prefix + "model.metric.value";
    /// <summary>The project's Copyright: OCI has no key for it, and NuGet's nuspec has one.</summary>
    public const string Copyright = Prefix + "copyright";

    /// <summary>A key's value from annotations or labels written by this or an older SDK (under io.mlops).</summary>
    public static string? Read(Func<string, string?> lookup, string key) =>
        lookup(key) ?? (key.StartsWith(Prefix, StringComparison.Ordinal) ? lookup(LegacyPrefix + key[Prefix.Length..]) : null);
}
