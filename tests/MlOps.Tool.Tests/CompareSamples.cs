using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Tool.Compare;

namespace MlOps.Tool.Tests;

/// <summary>
/// A baseline (the card's sample) and a retrained model with known changes: the optimizing metric up by 0.05 and the
/// log-loss up (worse), 20 more training rows (new SHA-256), NumberOfLeaves 16 → 32, one more one-hot column that
/// becomes the most important feature, and tenure's importance down by 0.1.
/// </summary>
internal static class CompareSamples
{
    public static (ComparedModel Baseline, ComparedModel Current) For(MlTask task)
    {
        var card = CardSamples.For(task);
        var baseline = new ComparedModel("run 1", "/runs/0001", card.Manifest, card.Metrics);
        var metric = card.Metrics.OptimizingMetric;
        var test = card.Metrics.Test.ToDictionary(kv => kv.Key, kv => kv.Key == metric ? kv.Value + 0.05 : kv.Key == "LogLoss" ? kv.Value + 0.1 : kv.Value);
        var manifest = card.Manifest with
        {
            BestTrainer = card.Manifest.BestTrainer with { Hyperparameters = new Dictionary<string, string> { ["NumberOfLeaves"] = "32" } },
            Featurization = [.. card.Manifest.Featurization.SkipLast(1), "OneHot(city)", "Concatenate(Features)"],
            Data = [card.Manifest.Data[0] with { Sha256 = new string('e', 64), Rows = 520 }, card.Manifest.Data[1]],
            ModelSha256 = new string('f', 64),
        };
        var metrics = card.Metrics with
        {
            Test = test,
            FeatureImportance = [new("city", 0.2, 0.01), new("tenure", 0.02, 0.01), new(CardSamples.Hostile, 0.03, 0.005)],
        };
        return (baseline, new ComparedModel("run 2", "/runs/0002", manifest, metrics));
    }

    /// <summary>Writes a model's manifest.json and metrics.json into <paramref name="folder"/>, as training leaves them.</summary>
    public static string WriteTo(string folder, ComparedModel model)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Manifest), MlOpsJson.Serialize(model.Manifest));
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Metrics), MlOpsJson.Serialize(model.Metrics));
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Schema), "{}");
        return folder;
    }
}
