using MlOps.Core.Artifacts;
using MlOps.Core.IO;

namespace MlOps.Tool.Compare;

/// <summary>
/// One side of a comparison: what it is called in the report (e.g. "run 3" or the baseline reference) and the two
/// files a comparison reads from its folder. Not schema.json: the manifest's recipe names the feature columns, and an
/// OCI artifact may come without a schema.
/// </summary>
public sealed record ComparedModel(string Name, string Folder, Manifest Manifest, MetricsReport Metrics)
{
    public static ComparedModel Load(string folder, string name) => new(name, folder,
        MlOpsJson.Read<Manifest>(Path.Combine(folder, ArtifactFiles.Manifest)),
        MlOpsJson.Read<MetricsReport>(Path.Combine(folder, ArtifactFiles.Metrics)));

    /// <summary>The file that says what the model is (its task and label), for errors that point at it.</summary>
    public string ManifestPath => Path.Combine(Folder, ArtifactFiles.Manifest);
}
