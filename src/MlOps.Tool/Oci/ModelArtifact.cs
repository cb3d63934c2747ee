using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Tool.Oci;

/// <summary>One blob of the artifact with where its bytes come from (a file of the model folder, or in memory).</summary>
public sealed record ArtifactBlob(OciDescriptor Descriptor, string? FilePath, byte[]? Bytes)
{
    public Stream Open() => FilePath is not null ? File.OpenRead(FilePath) : new MemoryStream(Bytes!, writable: false);
}

/// <summary>
/// The model folder as an OCI artifact: one layer per file (title = file name), the empty config, and annotations
/// from manifest.json. Built from the files alone (.created is the training's FinishedUtc, not the clock), so the
/// same model always gives the same manifest bytes, whether pushed or written as a layout.
/// </summary>
public sealed class ModelArtifact
{
    /// <summary>The files that travel, in layer order; the model card is optional (written by the model-card step).</summary>
    public static readonly IReadOnlyList<(string File, string MediaType, bool Required)> Files =
    [
        (ArtifactFiles.Model, OciMediaTypes.ModelZip, true),
        (ArtifactFiles.Onnx, OciMediaTypes.ModelOnnx, false),
        (ArtifactFiles.Schema, OciMediaTypes.Schema, false),
        (ArtifactFiles.Metrics, OciMediaTypes.Metrics, true),
        (ArtifactFiles.Manifest, OciMediaTypes.Manifest, true),
        ("model-card.md", OciMediaTypes.ModelCardMarkdown, false),
        ("model-card.html", OciMediaTypes.ModelCardHtml, false),
        ("model-card.json", OciMediaTypes.ModelCardJson, false),
    ];

    private ModelArtifact(OciManifest manifest, IReadOnlyList<ArtifactBlob> blobs)
    {
        Manifest = manifest;
        Blobs = blobs;
        ManifestBytes = manifest.ToJson();
        ManifestDigest = OciDigest.Of(ManifestBytes);
    }

    public OciManifest Manifest { get; }
    public byte[] ManifestBytes { get; }
    public string ManifestDigest { get; }
    /// <summary>The config blob first, then the layers.</summary>
    public IReadOnlyList<ArtifactBlob> Blobs { get; }
    public long TotalSize => Blobs.Sum(b => b.Descriptor.Size) + ManifestBytes.Length;

    /// <param name="version">The model version (org.opencontainers.image.version).</param>
    /// <param name="project">The model project's metadata as OCI annotations (source, authors, licenses, description,
    /// url: README, "Conventions"); empty values are left out.</param>
    /// <param name="sboms">CycloneDX SBOMs publish wrote (docs/supply-chain.md), one more layer each after the model's files.</param>
    public static ModelArtifact FromFolder(string folder, string version, IReadOnlyDictionary<string, string?>? project = null,
        IReadOnlyList<string>? sboms = null)
    {
        var blobs = new List<ArtifactBlob> { new(new OciDescriptor(OciMediaTypes.Empty, OciMediaTypes.EmptyConfigDigest, OciMediaTypes.EmptyConfig.Length), null, OciMediaTypes.EmptyConfig) };
        foreach (var (file, mediaType, required) in Files)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                if (required) throw new MlOpsException(ErrorCodes.ModelArtifactInputMissing, $"The model artifact needs {file}, which is not in {folder}: build the model first.");
                continue;
            }
            var descriptor = new OciDescriptor(mediaType, OciDigest.OfFile(path), new FileInfo(path).Length, new Dictionary<string, string> { [OciAnnotations.Title] = file });
            blobs.Add(new ArtifactBlob(descriptor, path, null));
        }
        foreach (var sbom in sboms ?? [])
            blobs.Add(new ArtifactBlob(new OciDescriptor(Sbom.CycloneDxBom.MediaType, OciDigest.OfFile(sbom), new FileInfo(sbom).Length,
                new Dictionary<string, string> { [OciAnnotations.Title] = Path.GetFileName(sbom) }), sbom, null));
        var lineage = MlOpsJson.Read<Manifest>(Path.Combine(folder, ArtifactFiles.Manifest));
        var manifest = new OciManifest(OciMediaTypes.ModelArtifact, blobs[0].Descriptor, blobs.Skip(1).Select(b => b.Descriptor).ToList(), Annotations(lineage, version, project ?? new Dictionary<string, string?>()));
        return new ModelArtifact(manifest, blobs);
    }

    public static Dictionary<string, string> Annotations(Manifest lineage, string version, IReadOnlyDictionary<string, string?> project)
    {
        var annotations = new Dictionary<string, string>
        {
            [OciAnnotations.Version] = version,
            [OciAnnotations.Created] = lineage.FinishedUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            [MlOpsAnnotations.DataSha256] = DataSha256(lineage.Data),
            [MlOpsAnnotations.ModelSha256] = lineage.ModelSha256,
            [MlOpsAnnotations.Trainer] = lineage.BestTrainer.Trainer,
            [MlOpsAnnotations.Metric] = lineage.OptimizingMetric,
            [MlOpsAnnotations.MetricValue] = lineage.BestTrainer.ValidationMetric.ToString("R", CultureInfo.InvariantCulture),
        };
        if (lineage.Git is { } git) annotations[OciAnnotations.Revision] = git.Commit;
        foreach (var (key, value) in project)
            if (!string.IsNullOrEmpty(value)) annotations[key] = value;
        return annotations;
    }

    /// <summary>
    /// One hash for the data the model was trained and tested on: the file's own SHA-256 when there is one file
    /// (what sha256sum prints), else the SHA-256 of the sha256sum-style listing "hash  role:path" per file.
    /// </summary>
    public static string DataSha256(IReadOnlyList<DataFileRecord> data)
    {
        if (data.Count == 1) return data[0].Sha256;
        var listing = string.Concat(data.Select(d => $"{d.Sha256}  {d.Role}:{d.Path}\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing)));
    }
}
