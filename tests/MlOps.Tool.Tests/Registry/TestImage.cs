using System.Text;
using System.Text.Json;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Tests.Registry;

/// <summary>
/// What `dotnet publish` leaves in the registries, small: a model artifact, and an image-like Docker v2 manifest whose
/// config carries the label io.github.mlops-sdk.model.sha256 (the image of that model), both under the version tag.
/// </summary>
internal static class TestImage
{
    public sealed record Published(string ImageDigest, string ArtifactDigest);

    /// <param name="model">The bytes of model.zip: a different model per version.</param>
    /// <param name="imageModel">The model.zip the image claims to serve (default: the same model).</param>
    public static async Task<Published> PublishAsync(RegistryClient image, RegistryClient artifact, TempDir dir, string version, string model, string? imageModel = null)
    {
        var folder = OciTestModel.Folder(dir); // rewritten per version: the push below reads the files before the next one
        File.WriteAllText(Path.Combine(folder, "model.zip"), model);
        var built = ModelArtifact.FromFolder(folder, version);
        await artifact.PushAsync(built, version);

        var label = OciDigest.Hex(OciDigest.Of(Encoding.UTF8.GetBytes(imageModel ?? model)));
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64", os = "linux",
            config = new { Labels = new Dictionary<string, string> { ["io.github.mlops-sdk.model.sha256"] = label } },
            rootfs = new { type = "layers", diff_ids = Array.Empty<string>() },
        });
        var layer = Encoding.UTF8.GetBytes($"app layer of {version}");
        var configBlob = Blob("application/vnd.docker.container.image.v1+json", config);
        var layerBlob = Blob("application/vnd.docker.image.rootfs.diff.tar.gzip", layer);
        foreach (var blob in new[] { configBlob, layerBlob }) await image.UploadAsync(blob, CancellationToken.None);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = OciMediaTypes.DockerManifest,
            config = Descriptor(configBlob), layers = new[] { Descriptor(layerBlob) },
        });
        var stored = await image.PutManifestAsync(manifest, OciMediaTypes.DockerManifest, version, CancellationToken.None);
        Assert.AreEqual(OciDigest.Of(manifest), stored);
        return new Published(OciDigest.Of(manifest), built.ManifestDigest);
    }

    private static ArtifactBlob Blob(string mediaType, byte[] bytes) => new(new OciDescriptor(mediaType, OciDigest.Of(bytes), bytes.Length), null, bytes);

    private static object Descriptor(ArtifactBlob blob) => new { mediaType = blob.Descriptor.MediaType, size = blob.Descriptor.Size, digest = blob.Descriptor.Digest };
}
