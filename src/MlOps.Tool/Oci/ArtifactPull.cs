using System.Security.Cryptography;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Tool.Oci;

/// <summary>
/// Pulls a model artifact into a folder and trusts nothing on the way: the manifest's bytes must hash to the digest
/// asked for and to the one the server claims, and every blob must hash to its descriptor's digest and size.
/// The folder is staged and swapped in whole, so a failed pull leaves the previous one untouched.
/// </summary>
public static class ArtifactPull
{
    /// <summary>The manifest's own bytes, kept beside the files so a later pull of the same digest can be skipped.</summary>
    public const string ManifestFile = "oci-manifest.json";

    public sealed record Result(string ManifestDigest, OciManifest Manifest, string Directory, bool Reused);

    public static async Task<Result> PullAsync(IOciSource source, string target, string destination, CancellationToken cancellation = default)
    {
        var fetched = await source.GetManifestAsync(target, cancellation);
        var digest = OciDigest.Of(fetched.Bytes);
        if (OciDigest.IsValid(target) && target != digest)
            throw Mismatch(source, $"the manifest asked for by digest {target} hashes to {digest}");
        if (fetched.ClaimedDigest is { } claimed && claimed != digest)
            throw Mismatch(source, $"the manifest of {target} hashes to {digest}, but the source says {claimed}");
        var manifest = Read(source, target, fetched.Bytes);

        if (IsCached(destination, digest)) return new Result(digest, manifest, destination, Reused: true);

        using var stage = new StagedDirectory(destination);
        await Verify(source, manifest.Config, Stream.Null, cancellation);
        foreach (var layer in manifest.Layers)
        {
            await using var file = File.Create(stage.PathOf(layer.Title!));
            await Verify(source, layer, file, cancellation);
        }
        await File.WriteAllBytesAsync(stage.PathOf(ManifestFile), fetched.Bytes, cancellation);
        stage.Commit();
        return new Result(digest, manifest, destination, Reused: false);
    }

    /// <summary>Parses and checks that the manifest is one of ours, with safe, distinct file names and a model.zip.</summary>
    public static OciManifest Read(IOciSource source, string target, byte[] bytes)
    {
        OciManifest manifest;
        try { manifest = OciManifest.Parse(bytes); }
        catch (FormatException e) { throw NotAModel(source, target, e.Message); }
        if (manifest.ArtifactType != OciMediaTypes.ModelArtifact)
            throw NotAModel(source, target, $"its artifactType is '{manifest.ArtifactType ?? "none"}', not {OciMediaTypes.ModelArtifact}");
        var titles = manifest.Layers.Select(l => l.Title).ToList();
        foreach (var title in titles)
            if (title is null || title.Length == 0 || title != Path.GetFileName(title) || title is "." or ".." || title.StartsWith('.') || title.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || title.Contains('\\'))
                throw NotAModel(source, target, $"a layer has no usable file name ('{title}')");
        if (titles.Distinct(StringComparer.OrdinalIgnoreCase).Count() != titles.Count)
            throw NotAModel(source, target, "two layers have the same file name");
        if (!titles.Contains(ArtifactFiles.Model))
            throw NotAModel(source, target, $"it has no {ArtifactFiles.Model} layer");
        return manifest;
    }

    /// <summary>Streams a blob into <paramref name="sink"/> while hashing it; reads at most one byte past the declared size.</summary>
    private static async Task Verify(IOciSource source, OciDescriptor blob, Stream sink, CancellationToken cancellation)
    {
        if (!OciDigest.IsValid(blob.Digest)) throw Mismatch(source, $"'{blob.Digest}' is not a sha256 digest");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var stream = await source.OpenBlobAsync(blob, cancellation);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellation)) > 0)
        {
            total += read;
            if (total > blob.Size) throw Mismatch(source, $"the blob {blob.Title ?? blob.Digest} is larger than the {blob.Size} bytes its descriptor says");
            hash.AppendData(buffer, 0, read);
            await sink.WriteAsync(buffer.AsMemory(0, read), cancellation);
        }
        var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (total != blob.Size) throw Mismatch(source, $"the blob {blob.Title ?? blob.Digest} has {total} bytes, its descriptor says {blob.Size}");
        if (actual != blob.Digest) throw Mismatch(source, $"the blob {blob.Title ?? blob.Digest} hashes to {actual}, its descriptor says {blob.Digest}");
    }

    /// <summary>An earlier pull of this manifest digest in the folder, whose files all still hash right: no need to ask anyone.</summary>
    public static bool IsCached(string destination, string digest)
    {
        var saved = Path.Combine(destination, ManifestFile);
        if (!File.Exists(saved)) return false;
        var bytes = File.ReadAllBytes(saved);
        if (OciDigest.Of(bytes) != digest) return false;
        try
        {
            return OciManifest.Parse(bytes).Layers.All(l => l.Title == Path.GetFileName(l.Title) && Path.Combine(destination, l.Title!) is var f
                && File.Exists(f) && new FileInfo(f).Length == l.Size && OciDigest.OfFile(f) == l.Digest);
        }
        catch (FormatException) { return false; }
    }

    private static MlOpsException Mismatch(IOciSource source, string what) =>
        new(ErrorCodes.ModelArtifactDigestMismatch, $"Digest check failed for {source.Describe}: {what}. The content was altered or corrupted; nothing was used.");

    private static MlOpsException NotAModel(IOciSource source, string target, string why) =>
        new(ErrorCodes.ModelArtifactNotAModel, $"{source.Describe} {target} is not an MlOps model artifact: {why}.");
}
