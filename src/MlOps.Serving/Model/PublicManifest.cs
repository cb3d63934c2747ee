using System.Text.Json.Nodes;
using MlOps.Core.IO;

namespace MlOps.Serving.Model;

/// <summary>
/// manifest.json as GET /model serves it: everything but file paths. The paths of the training data (data[].path) and of
/// a replayed manifest (replayOf.path) tell anyone who can reach the port how the build machine's folders are laid out
/// and what the data files are called; the hashes and row counts stay, which is what lineage needs.
/// </summary>
internal static class PublicManifest
{
    public static string Of(string manifestJson)
    {
        var manifest = JsonNode.Parse(manifestJson)!.AsObject();
        foreach (var data in manifest["data"]?.AsArray() ?? []) (data as JsonObject)?.Remove("path");
        (manifest["replayOf"] as JsonObject)?.Remove("path");
        return manifest.ToJsonString(MlOpsJson.Options);
    }
}
