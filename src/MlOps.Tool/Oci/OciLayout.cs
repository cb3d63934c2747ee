using System.Text.Json;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Tool.Oci;

/// <summary>
/// An OCI image layout (oci-layout, index.json, blobs/sha256/…) holding one artifact under its tag: what publish
/// writes when no registry is set, readable by oras/skopeo/crane and by <see cref="ArtifactPull"/>.
/// </summary>
public sealed class OciLayout(string directory) : IOciSource
{
    public const string LayoutFile = "oci-layout";
    public const string IndexFile = "index.json";

    public string Directory { get; } = Path.GetFullPath(directory);
    public string Describe => $"the OCI layout {Directory}";

    /// <summary>Writes the layout staged and swaps it in whole: readers see the previous layout or this one.</summary>
    public static void Write(ModelArtifact artifact, string directory, string tag)
    {
        using var stage = new StagedDirectory(directory);
        var blobs = System.IO.Directory.CreateDirectory(stage.PathOf(Path.Combine("blobs", "sha256"))).FullName;
        foreach (var blob in artifact.Blobs)
        {
            var target = Path.Combine(blobs, OciDigest.Hex(blob.Descriptor.Digest));
            if (blob.FilePath is not null) File.Copy(blob.FilePath, target, overwrite: true);
            else File.WriteAllBytes(target, blob.Bytes!);
        }
        File.WriteAllBytes(Path.Combine(blobs, OciDigest.Hex(artifact.ManifestDigest)), artifact.ManifestBytes);
        File.WriteAllText(stage.PathOf(LayoutFile), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllBytes(stage.PathOf(IndexFile), Index(artifact, tag));
        stage.Commit();
    }

    private static byte[] Index(ModelArtifact artifact, string tag)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", OciMediaTypes.ImageIndex);
            w.WriteStartArray("manifests");
            w.WriteStartObject();
            w.WriteString("mediaType", OciMediaTypes.ImageManifest);
            w.WriteString("artifactType", OciMediaTypes.ModelArtifact);
            w.WriteString("digest", artifact.ManifestDigest);
            w.WriteNumber("size", artifact.ManifestBytes.Length);
            w.WriteStartObject("annotations");
            w.WriteString(OciAnnotations.RefName, tag);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>By digest: that blob. By tag: the index entry whose ref.name is the tag, whose digest the bytes must then match.</summary>
    public Task<FetchedManifest> GetManifestAsync(string target, CancellationToken cancellation)
    {
        if (!File.Exists(Path.Combine(Directory, LayoutFile)))
            throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{Directory} is not an OCI image layout (no {LayoutFile} file).");
        string? claimed = null;
        var digest = target;
        if (!OciDigest.IsValid(target))
        {
            var entry = ReadIndex().FirstOrDefault(d => d.Annotations is not null && d.Annotations.TryGetValue(OciAnnotations.RefName, out var name) && name == target)
                ?? throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{Describe} has no artifact tagged '{target}'.");
            digest = claimed = entry.Digest;
            if (!OciDigest.IsValid(digest)) throw new MlOpsException(ErrorCodes.ModelArtifactDigestMismatch, $"{Describe}: the index names '{digest}', not a sha256 digest.");
        }
        var path = BlobPath(digest);
        if (!File.Exists(path)) throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{Describe} has no manifest {digest}.");
        return Task.FromResult(new FetchedManifest(File.ReadAllBytes(path), OciMediaTypes.ImageManifest, claimed));
    }

    private List<OciDescriptor> ReadIndex()
    {
        try
        {
            using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, IndexFile)));
            return index.RootElement.GetProperty("manifests").EnumerateArray().Select(OciManifest.ReadDescriptor).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new MlOpsException(ErrorCodes.ModelArtifactNotAModel, $"{Describe}: {IndexFile} cannot be read ({e.Message}).");
        }
    }

    public Task<Stream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellation)
    {
        var path = BlobPath(blob.Digest);
        if (!File.Exists(path)) throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{Describe} lacks the blob {blob.Digest} ({blob.Title ?? blob.MediaType}).");
        return Task.FromResult<Stream>(File.OpenRead(path));
    }

    private string BlobPath(string digest) => Path.Combine(Directory, "blobs", "sha256", OciDigest.Hex(digest));
}
