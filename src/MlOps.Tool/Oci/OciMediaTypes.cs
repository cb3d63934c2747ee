namespace MlOps.Tool.Oci;

/// <summary>
/// Media types of the model artifact: an OCI 1.1 image manifest with an artifactType of our own and the empty
/// config, the convention ORAS and KitOps use, so generic OCI tools can list, copy and pull it.
/// </summary>
public static class OciMediaTypes
{
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string Empty = "application/vnd.oci.empty.v1+json";
    /// <summary>Docker's own image manifest and list, which base images (mcr.microsoft.com, Docker Hub) are often served as.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    public const string ModelArtifact = "application/vnd.mlops.model.v1+json";
    public const string ModelZip = "application/vnd.mlops.model.v1+zip";
    /// <summary>model.onnx (MlOpsExportOnnx): an ONNX ModelProto in protobuf.</summary>
    public const string ModelOnnx = "application/vnd.mlops.model.v1+onnx";
    public const string Schema = "application/vnd.mlops.schema.v1+json";
    public const string Metrics = "application/vnd.mlops.metrics.v1+json";
    public const string Manifest = "application/vnd.mlops.manifest.v1+json";
    public const string ModelCardMarkdown = "application/vnd.mlops.model-card.v1+markdown";
    public const string ModelCardHtml = "application/vnd.mlops.model-card.v1+html";
    public const string ModelCardJson = "application/vnd.mlops.model-card.v1+json";

    /// <summary>The 2-byte <c>{}</c> blob every artifact with the empty config refers to.</summary>
    public static readonly byte[] EmptyConfig = "{}"u8.ToArray();
    public const string EmptyConfigDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
}

/// <summary>The OCI pre-defined annotation keys we write (ours are <see cref="MlOpsAnnotations"/>).</summary>
public static class OciAnnotations
{
    public const string Title = "org.opencontainers.image.title";
    public const string Version = "org.opencontainers.image.version";
    public const string Revision = "org.opencontainers.image.revision";
    public const string Created = "org.opencontainers.image.created";
    public const string Source = "org.opencontainers.image.source";
    public const string RefName = "org.opencontainers.image.ref.name";
    public const string Authors = "org.opencontainers.image.authors";
    public const string Description = "org.opencontainers.image.description";
    public const string Licenses = "org.opencontainers.image.licenses";
    public const string Url = "org.opencontainers.image.url";
}
