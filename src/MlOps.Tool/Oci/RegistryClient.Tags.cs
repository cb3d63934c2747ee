using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Oci;

/// <summary>A manifest whose bytes were hashed here: <see cref="Digest"/> is what the bytes are, not what the registry said.</summary>
public sealed record ResolvedManifest(string Digest, byte[] Bytes, string MediaType);

/// <summary>
/// Tags as pointers to digests: resolve a tag (the bytes hashed and compared with Docker-Content-Digest), and put an
/// existing manifest under another tag with the same bytes and media type, so the digest cannot change on the way;
/// the registry's answer and a fresh read of the tag must both name that digest.
/// </summary>
public sealed partial class RegistryClient
{
    /// <summary>The manifest a tag (or digest) names, or null when there is none.</summary>
    public async Task<ResolvedManifest?> ResolveAsync(string target, CancellationToken cancellation)
    {
        if (await TryGetManifestAsync(target, cancellation) is not { } fetched) return null;
        var digest = OciDigest.Of(fetched.Bytes);
        if (fetched.ClaimedDigest is { } claimed && claimed != digest)
            throw new MlOpsException(ErrorCodes.ModelArtifactDigestMismatch, $"{Who} says {target} is {claimed}, but the manifest it served hashes to {digest}.");
        if (OciDigest.IsValid(target) && target != digest)
            throw new MlOpsException(ErrorCodes.ModelArtifactDigestMismatch, $"{Who} served a manifest for {target} that hashes to {digest}.");
        return new ResolvedManifest(digest, fetched.Bytes, fetched.MediaType ?? OciMediaTypes.ImageManifest);
    }

    /// <summary>Points <paramref name="tag"/> at the manifest <paramref name="digest"/> already in the repository, and checks it does.</summary>
    public async Task TagAsync(string digest, string tag, CancellationToken cancellation)
    {
        var manifest = await ResolveAsync(digest, cancellation)
            ?? throw new MlOpsException(ErrorCodes.RolloutTagMissing, $"{Who} has no manifest {digest} to tag as '{tag}'.");
        var stored = await PutManifestAsync(manifest.Bytes, manifest.MediaType, tag, cancellation);
        if (stored is not null && stored != digest)
            throw NotVerified(tag, digest, $"the registry stored it as {stored}");
        var readBack = await ResolveAsync(tag, cancellation);
        if (readBack?.Digest != digest)
            throw NotVerified(tag, digest, $"reading the tag back gives {readBack?.Digest ?? "nothing"}");
    }

    private MlOpsException NotVerified(string tag, string digest, string what) =>
        new(ErrorCodes.RolloutTagNotVerified, $"{Who}: moving '{tag}' to {digest} did not hold: {what}. Check the repository's tags before retrying.");
}
