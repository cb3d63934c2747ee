using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Tool.Monitoring;

namespace MlOps.Tool.Tests;

/// <summary>
/// The monitoring command run on a binary model project with three gates (an alias with a minimum, a lower-is-better
/// metric with a maximum, one with both bounds), as publish runs it; and the same group built in process, whose
/// annotation templates the promtool unit tests render.
/// </summary>
internal sealed record MonitoringFiles(string Folder, string ProjectFile, RuleGroup Group)
{
    public const string Name = "contoso-churn";
    public const string AlertFor = "10m";

    public static readonly QualityGate[] Gates =
        [new("AreaUnderRocCurve", 0.8, null), new("LogLoss", null, 0.5), new("Accuracy", 0.7, 0.99)];

    public string PathOf(string file) => Path.Combine(Folder, file);

    public AlertRule Rule(string alert) => Group.Rules.Single(r => r.Alert == alert);

    public static async Task<MonitoringFiles> WriteAsync(TempDir dir, params string[] extraOptions)
    {
        var project = dir.Write("Contoso.Churn.csproj", """
            <Project Sdk="MlOps.Sdk">
              <ItemGroup>
                <MlOpsQualityGate Include="AUC" Minimum="0.8" />
                <MlOpsQualityGate Include="LogLoss" Maximum="0.5" />
                <MlOpsQualityGate Include="Accuracy" Minimum="0.7" Maximum="0.99" />
              </ItemGroup>
            </Project>
            """);
        var manifest = dir.Write("manifest.json", MlOpsJson.Serialize(CardSamples.For(MlTask.BinaryClassification).Manifest));
        var output = Path.Combine(dir.Root, "publish", "monitoring");
        var run = await ToolRun.Command("monitoring", dir,
            [$"ProjectFile={project}", $"Manifest={manifest}", "Name=registry.example/models/Contoso.Churn", "Job=",
             $"OutputDirectory={output}", "Gate=AUC|0.8|", "Gate=LogLoss||0.5", "Gate=Accuracy|0.7|0.99",
             "DriftThreshold=0.2", $"AlertFor={AlertFor}", "AlertLatency=0.5", .. extraOptions]);
        Assert.AreEqual(0, run.Exit, run.Log);
        var settings = new MonitoringSettings(Name, Name, MlTask.BinaryClassification, Gates, 0.2, AlertFor, 0.5);
        return new MonitoringFiles(output, project, AlertRules.Build(settings));
    }
}
