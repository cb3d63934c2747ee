using System.Globalization;
using System.Text;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Tool.Rollout;

namespace MlOps.Tool.Tests.Rollout;

/// <summary>
/// A built binary model as the rollout decision sees it: a project file, a model folder with manifest.json and
/// schema.json (label 'churn', optimizing metric AUC), and labeled capture files with both models' answers, written
/// as the service writes them (docs/rollout.md, "Capture of both predictions"). Runs the command in process.
/// </summary>
internal sealed class RolloutProject : IDisposable
{
    private readonly TempDir _dir = new();

    public RolloutProject(string projectBody = "")
    {
        ProjectFile = _dir.Write("Model.csproj", $"<Project>\n  <PropertyGroup>\n{projectBody}  </PropertyGroup>\n</Project>\n");
        Directory.CreateDirectory(ModelFolder);
        File.WriteAllText(Path.Combine(ModelFolder, "manifest.json"), """
            {
              "formatVersion": 1, "sdkVersion": "1.0.0", "mlNetVersion": "5.0.0", "task": "BinaryClassification", "label": "churn", "seed": 0,
              "optimizingMetric": "AreaUnderRocCurve", "budget": { "trainingTimeSeconds": 5, "maxTrials": 3, "trialsRun": 3 },
              "bestTrainer": { "trainer": "FastTree", "hyperparameters": {}, "validationMetric": 0.9, "validationMetricStdDev": 0.01 },
              "featurization": [], "data": [], "modelSha256": "feed0123",
              "startedUtc": "2026-01-02T03:04:00+00:00", "finishedUtc": "2026-01-02T03:04:05+00:00", "trainingSeconds": 5
            }
            """);
        File.WriteAllText(Path.Combine(ModelFolder, "schema.json"), SchemaJson.Serialize(new DataSchema
        {
            Label = "churn", Task = MlTask.BinaryClassification, LabelClasses = ["false", "true"],
            Columns = [new ColumnSchema { Name = "tenure", Kind = ColumnKind.Numeric }, new ColumnSchema { Name = "churn", Kind = ColumnKind.Boolean }],
        }));
    }

    public string Root => _dir.Root;
    public string ProjectFile { get; }
    public string ModelFolder => Path.Combine(_dir.Root, "bin", "mlops");
    public string ResultFile => Path.Combine(_dir.Root, "obj", "rollout-decision.result");
    public string ReasonFile => Path.Combine(_dir.Root, "obj", "rollout-decision.reason");
    public IReadOnlyList<RolloutDecisionRecord> Decisions => RolloutDecisionRecord.ReadAll(ModelFolder);

    /// <summary>
    /// A labeled capture file of <paramref name="rows"/> rows: each model's probability is the true class's side of 0.5
    /// with the given noise (more noise, worse AUC); <paramref name="unpaired"/> more labeled rows only one model scored.
    /// </summary>
    public string WriteCapture(string name, int rows, double championNoise, double challengerNoise, int seed = 1, int unpaired = 0)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(string.Join(',', ["tenure", "churn", .. CaptureFiles.ServiceColumns, .. CaptureFiles.TwoModelColumns]) + "\n");
        for (var r = 0; r < rows + unpaired; r++)
        {
            var churn = random.NextDouble() < 0.5;
            double Probability(double noise) => Math.Clamp((churn ? 0.7 : 0.3) + (random.NextDouble() - 0.5) * noise, 0, 1);
            var (champion, challenger) = (Probability(championNoise), Probability(challengerNoise));
            var challengerCells = r < rows ? $"{Answer(challenger)},{F(challenger)}" : ",";
            csv.Append(CultureInfo.InvariantCulture, $"{r % 60},{(churn ? "true" : "false")},{Answer(champion)},{F(champion)},1.4.0,2026-11-28T09:00:00Z,{name}-{r},")
               .Append(CultureInfo.InvariantCulture, $"champion,{Answer(champion)},{F(champion)},{challengerCells}\n");
        }
        return _dir.Write(name, csv.ToString());
    }

    private static string Answer(double p) => p > 0.5 ? "true" : "false";
    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The decision's options as the target writes them; <paramref name="overrides"/> replace or add keys.</summary>
    public IEnumerable<string> Options(params (string Key, string Value)[] overrides)
    {
        var options = new Dictionary<string, string>
        {
            ["ProjectFile"] = ProjectFile, ["ModelFolder"] = ModelFolder + "/", ["Version"] = "1.5.0",
            ["MaxRegression"] = "0", ["Confidence"] = "0.95", ["MinLabeledRows"] = "100", ["MaxErrorRate"] = "0.01",
            ["MaxLatency"] = "0.5", ["Window"] = "10m", ["Name"] = "churn", ["ResultFile"] = ResultFile, ["ReasonFile"] = ReasonFile,
        };
        foreach (var (key, value) in overrides) options[key] = value;
        return options.Select(o => $"{o.Key}={o.Value}");
    }

    public Task<ToolRun.Result> DecideAsync(params (string Key, string Value)[] overrides) =>
        ToolRun.Command("rollout-decision", _dir, Options(overrides));

    public Task<ToolRun.Result> DecideOnFilesAsync(IEnumerable<string> files, params (string Key, string Value)[] overrides) =>
        ToolRun.Command("rollout-decision", _dir, Options(overrides).Concat(files.Select(f => $"EvidenceFile={f}")));

    public void Dispose() => _dir.Dispose();
}
