namespace MlOps.Tool.Oci;

/// <summary>A manifest as served, with the digest the server claims for it (Docker-Content-Digest, or the layout's index).</summary>
public sealed record FetchedManifest(byte[] Bytes, string? MediaType, string? ClaimedDigest);

/// <summary>Where an artifact is pulled from: a registry or an OCI image layout. The puller checks every digest itself.</summary>
public interface IOciSource
{
    /// <summary>For messages: the registry and repository, or the layout folder.</summary>
    string Describe { get; }

    /// <param name="target">A tag, or a digest (sha256:…).</param>
    Task<FetchedManifest> GetManifestAsync(string target, CancellationToken cancellation);

    Task<Stream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellation);
}
