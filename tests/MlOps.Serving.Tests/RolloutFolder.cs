using System.Text.Json.Nodes;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;

namespace MlOps.Serving.Tests;

/// <summary>
/// An image's model folder with two models, as publish lays it out (docs/rollout.md): the challenger's files, the
/// champion's in champion/, and rollout.json naming both versions. Copies, so each test has its own.
/// </summary>
internal sealed class RolloutFolder : IDisposable
{
    public const string ChallengerVersion = "1.5.0", ChampionVersion = "1.4.0";

    public RolloutFolder(TrainedModel challenger, TrainedModel champion)
    {
        Directory.CreateDirectory(Path.Combine(Folder, "champion"));
        Copy(challenger.Folder, Folder);
        Copy(champion.Folder, Path.Combine(Folder, "champion"));
        File.WriteAllText(Path.Combine(Folder, "rollout.json"), new JsonObject
        {
            ["challenger"] = new JsonObject { ["version"] = ChallengerVersion, ["sha256"] = Sha256(Folder) },
            ["champion"] = new JsonObject { ["version"] = ChampionVersion, ["sha256"] = Sha256(Path.Combine(Folder, "champion")), ["source"] = "nuget:Test.Model@1.4.0" },
        }.ToJsonString());
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"mlops-rollout-{Guid.NewGuid():N}");

    /// <summary>The service on this folder, challenger version as the generated host would declare it.</summary>
    public Task<ScoringServer> StartAsync(params string[] settings) =>
        ScoringServer.StartAsync(Folder, modelVersion: ChallengerVersion, settings: settings);

    private static void Copy(string from, string to)
    {
        foreach (var name in new[] { ArtifactFiles.Model, ArtifactFiles.Schema, ArtifactFiles.Manifest })
            File.Copy(Path.Combine(from, name), Path.Combine(to, name));
    }

    private static string Sha256(string folder) => FileHash.Sha256(Path.Combine(folder, ArtifactFiles.Model));

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
