using MlOps.Core.Artifacts;
using MlOps.Core.IO;

namespace MlOps.Core.Rollout;

/// <summary>One model of the image in mlops/rollout.json: its version, the SHA-256 of its model.zip, and (champion) where it came from.</summary>
public sealed record RolloutModel(string Version, string Sha256, string? Source = null);

/// <summary>
/// mlops/rollout.json, the roles of the two models in the image (docs/rollout.md, "Two models in one image"), written
/// at publish beside mlops/champion/ and read by the service for the champion's version.
/// </summary>
public sealed record RolloutFile(RolloutModel Challenger, RolloutModel Champion)
{
    public const string FileName = "rollout.json";
    /// <summary>The champion's folder, under the challenger's mlops/ in the image.</summary>
    public const string ChampionFolder = "champion";
    /// <summary>The champion's files baked into the image (its card, metrics and lineage stay with its package).</summary>
    public static readonly IReadOnlyList<string> ChampionFiles = [ArtifactFiles.Model, ArtifactFiles.Schema, ArtifactFiles.Manifest];

    /// <summary>The version a champion without a package version or an OCI tag gets.</summary>
    public const string UnknownVersion = "unknown";

    /// <summary>The model.zip files of the image: the challenger's, and the staged champion's when there is one.</summary>
    public static IReadOnlyList<string> ModelZips(string modelFolder, string? rolloutFolder) =>
        rolloutFolder is null
            ? [Path.Combine(modelFolder, ArtifactFiles.Model)]
            : [Path.Combine(modelFolder, ArtifactFiles.Model), Path.Combine(rolloutFolder, ChampionFolder, ArtifactFiles.Model)];

    public static RolloutFile Read(string path) => MlOpsJson.Read<RolloutFile>(path);

    public void Write(string path) => AtomicFile.WriteAllText(path, MlOpsJson.Serialize(this) + Environment.NewLine);
}
