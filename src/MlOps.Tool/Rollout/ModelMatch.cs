using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Rollout;

/// <summary>
/// Before any tag moves: the image must serve the model the artifact holds. The image's config carries the label
/// io.github.mlops-sdk.model.sha256 (the SHA-256 of its model.zip, written at publish; io.mlops.model.sha256 from an
/// older SDK); the artifact's model.zip layer has that
/// digest. A multi-platform image is checked platform by platform.
/// </summary>
public static class ModelMatch
{
    public static async Task CheckAsync(RolloutRepository image, ResolvedManifest imageManifest, RolloutRepository artifact, ResolvedManifest artifactManifest, CancellationToken cancellation)
    {
        var model = ArtifactPull.Read(artifact.Client, artifactManifest.Digest, artifactManifest.Bytes).Layers.Single(l => l.Title == ArtifactFiles.Model).Digest;
        foreach (var platform in await PlatformManifestsAsync(image.Client, imageManifest, cancellation))
        {
            var label = await ModelLabelAsync(image.Client, platform, cancellation);
            if (label is null)
                throw new MlOpsException(ErrorCodes.RolloutModelMismatch,
                    $"The image {image.Reference}@{imageManifest.Digest} has no label {MlOpsAnnotations.ModelSha256}: it was not published by MlOps.Sdk, so it cannot be checked against the model artifact. Nothing was moved.");
            if ("sha256:" + label != model)
                throw new MlOpsException(ErrorCodes.RolloutModelMismatch,
                    $"The image and the model artifact hold different models: {image.Reference}@{RolloutRepositories.Short(imageManifest.Digest)} serves model.zip sha256:{label}, {artifact.Reference}:{artifact.ChallengerTag} holds {model}. Publish both from the same build; nothing was moved.");
        }
    }

    /// <summary>The image manifest itself, or each manifest of an index (OCI or Docker list).</summary>
    private static async Task<IReadOnlyList<ResolvedManifest>> PlatformManifestsAsync(RegistryClient client, ResolvedManifest manifest, CancellationToken cancellation)
    {
        if (manifest.MediaType is not (OciMediaTypes.ImageIndex or OciMediaTypes.DockerManifestList)) return [manifest];
        using var doc = JsonDocument.Parse(manifest.Bytes);
        var children = new List<ResolvedManifest>();
        foreach (var entry in doc.RootElement.GetProperty("manifests").EnumerateArray())
            children.Add(await client.ResolveAsync(entry.GetProperty("digest").GetString()!, cancellation)
                ?? throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{client.Describe} lacks a platform manifest its index names."));
        return children;
    }

    /// <summary>The label from the image config blob (config.Labels), digest-checked on the way.</summary>
    private static async Task<string?> ModelLabelAsync(RegistryClient client, ResolvedManifest manifest, CancellationToken cancellation)
    {
        using var doc = JsonDocument.Parse(manifest.Bytes);
        var config = OciManifest.ReadDescriptor(doc.RootElement.GetProperty("config"));
        await using var stream = await client.OpenBlobAsync(config, cancellation);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellation);
        if (OciDigest.Of(buffer.ToArray()) != config.Digest)
            throw new MlOpsException(ErrorCodes.ModelArtifactDigestMismatch, $"Digest check failed for {client.Describe}: the image config does not hash to {config.Digest}.");
        using var json = JsonDocument.Parse(buffer.ToArray());
        return json.RootElement.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object
            && c.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? MlOpsAnnotations.Read(key => labels.TryGetProperty(key, out var value) ? value.GetString() : null, MlOpsAnnotations.ModelSha256)
            : null;
    }
}
