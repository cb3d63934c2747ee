using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Tool;

/// <summary>The manifest MlOpsReplay refits, read before any data is loaded so a bad one fails fast (MLOPS3010).</summary>
public sealed record ReplaySource(string Path, Manifest Manifest, TrainingRecipe Recipe, string Sha256)
{
    public static ReplaySource Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
            throw new MlOpsException(ErrorCodes.ReplayManifestUnreadable, "MlOpsReplay is true but no manifest was given (MlOpsReplayManifest is empty).");
        if (!File.Exists(path))
            throw new MlOpsException(ErrorCodes.ReplayManifestUnreadable,
                "There is no manifest to replay here. Build once without MlOpsReplay to train and record one, or point MlOpsReplayManifest at a manifest.json.", path);
        Manifest manifest;
        string sha256;
        try
        {
            manifest = MlOpsJson.Read<Manifest>(path);
            sha256 = FileHash.Sha256(path);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new MlOpsException(ErrorCodes.ReplayManifestUnreadable, $"The manifest to replay cannot be read: {e.Message}", path);
        }
        var recipe = manifest.Recipe ?? throw new MlOpsException(ErrorCodes.ReplayManifestUnreadable,
            $"The manifest has no recipe (it was written by MlOps.Sdk {manifest.SdkVersion}, before replay existed). Train once without MlOpsReplay to record one.", path);
        return new ReplaySource(System.IO.Path.GetFullPath(path), manifest, recipe, sha256);
    }
}
