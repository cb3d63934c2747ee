using System.Text.Json.Nodes;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Serving.Model;

namespace MlOps.Serving.Tests;

[TestClass]
public sealed class PublicManifestTests
{
    /// <summary>Every path-like field of <see cref="Manifest"/> (data[].path, replayOf.path) is left out; hashes stay.</summary>
    [TestMethod]
    public void GetModelServesNoFilePaths()
    {
        var now = DateTimeOffset.UtcNow;
        var manifest = new Manifest
        {
            SdkVersion = "1.0.0", MlNetVersion = "5.0.1", Task = "Regression", Label = "y", Seed = 1, OptimizingMetric = "RSquared",
            Budget = new BudgetRecord(10, null, 3), BestTrainer = new BestTrainerRecord("FastTree", new Dictionary<string, string>(), 0.9, 0),
            Featurization = [], ModelSha256 = new string('b', 64), StartedUtc = now, FinishedUtc = now, TrainingSeconds = 1,
            Data = [new DataFileRecord("training", "/home/alice/secret-project/data/customers.csv", new string('a', 64), 300),
                new DataFileRecord("test", "../shared/holdout.csv", new string('c', 64), 50)],
            Mode = ManifestModes.Replay, ReplayOf = new ReplaySourceRecord("/home/alice/secret-project/old/manifest.json", new string('d', 64)),
        };
        var json = MlOpsJson.Serialize(manifest);
        StringAssert.Contains(json, "customers.csv");
        var served = PublicManifest.Of(json);
        foreach (var leak in new[] { "alice", "customers.csv", "holdout.csv", "\"path\"" })
            Assert.IsFalse(served.Contains(leak, StringComparison.Ordinal), $"{leak} in {served}");
        var node = JsonNode.Parse(served)!;
        Assert.AreEqual(new string('a', 64), (string?)node["data"]![0]!["sha256"]);
        Assert.AreEqual(300, (int)node["data"]![0]!["rows"]!);
        Assert.AreEqual(new string('d', 64), (string?)node["replayOf"]!["sha256"]);
        Assert.AreEqual(new string('b', 64), (string?)node["modelSha256"]);
    }
}
