using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Package;

/// <summary>
/// oci:registry/repository:tag (or @sha256:…) for <see cref="PublishedModels"/>: the model artifact pulled from the
/// registry into the cache with every digest checked. A digest already pulled there is not asked for again, so a
/// digest-pinned baseline builds offline.
/// </summary>
public static class OciModels
{
    /// <param name="publishRegistries">The registries we publish to: only they get SDK_CONTAINER_REGISTRY_UNAME/PWORD.</param>
    public static async Task<FetchedModel> FetchAsync(string text, string cacheDirectory, IReadOnlyCollection<string> publishRegistries, CancellationToken cancellation)
    {
        if (!OciReference.TryParse(text, requireTarget: true, out var reference, out var problem))
            throw new MlOpsException(ErrorCodes.ModelArtifactInvalidReference, $"'oci:{text}' is not an OCI reference: {problem}.");
        var folder = Path.Combine(cacheDirectory, $"oci-{reference!.Repository.Replace('/', '-')}-{(reference.Digest is { } d ? OciDigest.Hex(d)[..12] : reference.Tag)}");
        if (reference.Digest is { } digest && ArtifactPull.IsCached(folder, digest))
            return new FetchedModel(folder, null, $"oci:{reference} (cached in {folder}, every digest verified)");

        using var client = RegistryClient.Open(reference, push: false, publishRegistries);
        var pulled = await ArtifactPull.PullAsync(client, reference.Target, folder, cancellation);
        var version = pulled.Manifest.Annotations.GetValueOrDefault(OciAnnotations.Version, "unknown");
        return new FetchedModel(folder, null, $"oci:{reference} = {pulled.ManifestDigest} (version {version}), {(pulled.Reused ? "unchanged since the last pull" : "pulled")}, every digest verified");
    }
}
