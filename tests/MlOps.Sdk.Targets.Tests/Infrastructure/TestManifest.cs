namespace MlOps.Sdk.Targets.Tests.Infrastructure;

/// <summary>A manifest.json as training writes it, for the tool commands that read one.</summary>
public static class TestManifest
{
    public static string Write(string folder, string trainer)
    {
        var path = Path.Combine(folder, "manifest.json");
        File.WriteAllText(path, $$"""
            {
              "formatVersion": 1, "sdkVersion": "1.0.0", "mlNetVersion": "5.0.0", "task": "Regression", "label": "price", "seed": 0,
              "optimizingMetric": "RSquared", "budget": { "trainingTimeSeconds": 5, "maxTrials": 3, "trialsRun": 3 },
              "bestTrainer": { "trainer": "{{trainer}}", "hyperparameters": {}, "validationMetric": 0.9, "validationMetricStdDev": 0.01 },
              "featurization": [], "data": [], "modelSha256": "ab12", "git": { "commit": "c0ffee", "dirty": false },
              "startedUtc": "2026-01-02T03:04:00+00:00", "finishedUtc": "2026-01-02T03:04:05.25+00:00", "trainingSeconds": 5
            }
            """);
        return path;
    }
}
