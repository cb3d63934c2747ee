using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Tool.Oci;

namespace MlOps.Tool;

/// <summary>
/// image-index: with several ContainerRuntimeIdentifiers, publish builds one image per RID (tagged tag-RID) and this
/// command puts the multi-platform index over them under the project's tags. The .NET SDK pushes such an index too, but
/// returns only the per-RID digests; writing the index here means its digest is known to the byte, so the Kubernetes
/// manifests, the smoke test, the image SBOM and promote can pin it. Each entry's platform is read from its image's
/// config, not assumed from the RID.
/// </summary>
public static class ImageIndexCommand
{
    /// <summary>ManifestFile receives the manifest of the image for this machine's platform (deploy reads its size).</summary>
    public static readonly OptionKeys Keys = new(["ProjectFile", "Repository", "Tag", "Image", "DigestFile", "ManifestFile"], []);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        if (!OciReference.TryParse(options.Require("Repository"), requireTarget: false, out var repository, out var problem))
            throw new MlOpsException(ErrorCodes.PublishImageFailed, $"The image repository '{options.Require("Repository")}' is not registry/repository: {problem}", project.Path);
        using var client = RegistryClient.Open(repository!, push: true, [repository!.Registry]);

        var entries = new List<(string MediaType, string Digest, long Size, string Os, string Architecture, string? Variant)>();
        byte[]? local = null;
        var machine = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        foreach (var digest in options.All("Image"))
        {
            var manifest = await client.GetManifestAsync(digest, cancellation);
            var mediaType = manifest.MediaType ?? OciMediaTypes.ImageManifest;
            using var manifestJson = JsonDocument.Parse(manifest.Bytes);
            await using var stream = await client.OpenBlobAsync(OciManifest.ReadDescriptor(manifestJson.RootElement.GetProperty("config")), cancellation);
            using var imageJson = await JsonDocument.ParseAsync(stream, cancellationToken: cancellation);
            var image = imageJson.RootElement;
            entries.Add((mediaType, digest, manifest.Bytes.Length, image.GetProperty("os").GetString()!, image.GetProperty("architecture").GetString()!,
                image.TryGetProperty("variant", out var variant) ? variant.GetString() : null));
            if (entries[^1].Architecture == machine) local ??= manifest.Bytes;
        }

        // An OCI index over OCI images; Docker's manifest list over Docker images (the base image decides which the SDK wrote).
        var indexType = entries.All(e => e.MediaType == OciMediaTypes.DockerManifest) ? OciMediaTypes.DockerManifestList : OciMediaTypes.ImageIndex;
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = indexType,
            ["manifests"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
            {
                ["mediaType"] = e.MediaType,
                ["digest"] = e.Digest,
                ["size"] = e.Size,
                ["platform"] = e.Variant is null
                    ? new JsonObject { ["architecture"] = e.Architecture, ["os"] = e.Os }
                    : new JsonObject { ["architecture"] = e.Architecture, ["os"] = e.Os, ["variant"] = e.Variant },
            })]),
        };
        var bytes = Encoding.UTF8.GetBytes(index.ToJsonString());
        var indexDigest = OciDigest.Of(bytes);
        var tags = options.All("Tag");
        foreach (var tag in tags)
        {
            var stored = await client.PutManifestAsync(bytes, indexType, tag, cancellation);
            if (stored is { Length: > 0 } && stored != indexDigest)
                throw new MlOpsException(ErrorCodes.PublishImageFailed, $"The registry stored the image index under {tag} as {stored}, not the {indexDigest} that was sent.", project.Path);
        }
        AtomicFile.WriteAllText(options.Require("ManifestFile"), Encoding.UTF8.GetString(local ?? throw new MlOpsException(ErrorCodes.PublishImageFailed,
            $"None of the images has this machine's platform (linux/{machine}): add its runtime identifier to ContainerRuntimeIdentifiers, so the smoke test and the memory measurement can run it.", project.Path)), new UTF8Encoding(false));
        AtomicFile.WriteAllText(options.Require("DigestFile"), indexDigest + "\n", new UTF8Encoding(false));
        log.WriteLine($"MlOps: image index {repository.Registry}/{repository.Repository}:{string.Join(",", tags)}@{indexDigest} over " +
                      string.Join(", ", entries.Select(e => $"{e.Os}/{e.Architecture}{(e.Variant is null ? "" : "/" + e.Variant)}")));
        return 0;
    }
}
