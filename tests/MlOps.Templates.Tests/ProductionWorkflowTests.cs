using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Core.Artifacts;
using MlOps.EndToEnd.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;
using static MlOps.Templates.Tests.CiWorkflowTests;

namespace MlOps.Templates.Tests;

/// <summary>
/// The production loop `dotnet new mlops` writes (.github/workflows/production.yml, its schema check is in
/// CiWorkflowTests): on a schedule, the production checks on fetched captures; only when one fails, a retrain with
/// the labeled captures appended, all model checks, and publish. Its commands also run for real on a generated
/// solution, as the runner would run them.
/// </summary>
[TestClass]
public sealed class ProductionWorkflowTests
{
    private static GeneratedSolution _solution = null!;

    [ClassInitialize]
    public static void Instantiate(TestContext _) => _solution = GeneratedSolution.Create("Prod");

    private static YamlMappingNode Workflow => Yaml(_solution, ".github/workflows/production.yml");
    private static YamlMappingNode Job(string name) => Map(Map(Workflow, "jobs"), name);

    [TestMethod]
    public void RunsOnAScheduleAndRetrainsOnlyWhenAProductionCheckFails()
    {
        var on = Map(Workflow, "on");
        Assert.IsTrue(Sequence(on, "schedule").Single().Children.ContainsKey(new YamlScalarNode("cron")));
        Assert.IsTrue(Has(on, "workflow_dispatch"));
        var env = Map(Workflow, "env");
        Assert.AreEqual("captures", Scalar(env, "CaptureFolder"));
        StringAssert.Contains(Scalar(env, "CAPTURES_WORKFLOW"), "inputs.captures-workflow", "the captures' source is configurable");

        var check = Job("check");
        var production = Steps(check).Single(s => Run(s).StartsWith("dotnet test"));
        Assert.AreEqual("dotnet test -c Release --filter TestCategory=Production", Run(production));
        Assert.AreEqual("true", Scalar(production, "continue-on-error"), "a failing check goes on to retraining");
        Assert.AreEqual("${{ steps." + Scalar(production, "id") + ".outcome == 'failure' }}", Scalar(Map(check, "outputs"), "retrain"));
        Assert.IsFalse(Runs(Steps(check)).Any(r => r.Contains("dotnet publish") || r.Contains("dotnet build")));

        var retrain = Job("retrain");
        Assert.AreEqual("check", Scalar(retrain, "needs"));
        Assert.AreEqual("needs.check.outputs.retrain == 'true'", Scalar(retrain, "if"));
        Assert.AreEqual("true", Scalar(Map(retrain, "env"), "RetrainOnCaptures"));
        var runs = Runs(Steps(retrain)).Where(r => r.StartsWith("dotnet ")).ToList();
        CollectionAssert.AreEqual(new[]
        {
            "dotnet build -c Release -p:Version=$MODEL_VERSION",
            "dotnet test -c Release --no-build --filter \"TestCategory!=Production\"",
            "dotnet publish -c Release --no-build -p:Version=$MODEL_VERSION",
        }, runs, "retrain, run all model checks (champion/challenger included), then ship that very build");
        StringAssert.Contains(Scalar(Map(retrain, "env"), "MlOpsBaselineModel"), "vars.MLOPS_BASELINE_MODEL");
    }

    [TestMethod]
    public void SecretsReachOnlyThePublishStepsEnvironment()
    {
        var secrets = Scalars(Workflow).Where(s => s.Value.Contains("secrets.", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(secrets.Count >= 2);
        foreach (var (path, value) in secrets)
            StringAssert.Matches(path, new System.Text.RegularExpressions.Regex(@"^jobs/retrain/steps/\d+/env/(SDK_CONTAINER_REGISTRY_UNAME|SDK_CONTAINER_REGISTRY_PWORD|MLOPS_NUGET_API_KEY)$"), $"{value} at {path}");
        Assert.AreEqual("read", Scalar(Map(Workflow, "permissions"), "contents"));
        Assert.AreEqual("read", Scalar(Map(Job("check"), "permissions"), "actions"), "reading another workflow's artifact");
    }

    [TestMethod]
    public void DriftedCapturesFailTheCheckAndTheRetrainTrainsOnTheLabeledOnes()
    {
        var env = new Dictionary<string, string>
        {
            ["CaptureFolder"] = "captures", ["MODEL_VERSION"] = "1.1.7", ["MlOpsMaxTrials"] = "2", ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_NOLOGO"] = "1",
        };
        var check = Runs(Steps(Job("check"))).Single(r => r.StartsWith("dotnet test"));
        var captures = Path.Combine(_solution.ModelDirectory, "captures");

        // Nothing fetched: the production run fails and says so (it does not pass on zero tests).
        Assert.AreNotEqual(0, Bash(_solution.Directory, check, env, out var empty), empty);
        StringAssert.Contains(empty, "No production data matched MlOpsProductionData in Prod.Model.csproj");

        // Captures whose first numeric feature all sit at its training maximum (drifted, yet within the schema contract's
        // range, so the retrain may use them); 60 labeled rows as /feedback joins them, too few for the live gate.
        var schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(_solution.ModelDirectory, "bin", "Release", "net10.0", "mlops", "schema.json")));
        var moved = schema.Features.First(f => f.Kind == ColumnKind.Numeric);
        var test = Path.Combine(_solution.ModelDirectory, "data", "churn-test.csv");
        var original = CsvLoader.Load(test, new CsvOptions(',', true));
        var atMax = moved.Max!.Value.ToString(CultureInfo.InvariantCulture);
        var drifting = new TabularData(test, ',', true, original.ColumnNames, original.ColumnNames
            .Select((name, c) => name == moved.Name ? Enumerable.Repeat<string?>(atMax, original.RowCount).ToArray() : [.. original.Columns[c]]).ToArray());
        var labeled = new TabularData(test, ',', true, original.ColumnNames, original.Columns.Select(c => c[..60]).ToArray());
        var columns = schema.Columns.Select(c => c.Name).ToList();
        CaptureFileWriter.Write(Path.Combine(captures, "capture-20261128T090000Z-1.csv"), columns, schema.Label, drifting, labeled: false, _ => ("false", "0.2"), "c");
        CaptureFileWriter.Write(Path.Combine(captures, "labeled-20261128T100000Z-1.csv"), columns, schema.Label, labeled, labeled: true, _ => ("false", "0.2"), "l");

        Assert.AreNotEqual(0, Bash(_solution.Directory, check, env, out var drifted), drifted);
        StringAssert.Contains(drifted, "Production data drifted");
        StringAssert.Contains(drifted, $"{moved.Name} PSI=");

        // The retrain job's own commands (publish aside: CiWorkflowTests ships a build with the same command).
        env["RetrainOnCaptures"] = "true";
        foreach (var run in Runs(Steps(Job("retrain"))).Where(r => !r.StartsWith("dotnet publish") && !r.Contains("GITHUB_STEP_SUMMARY")))
            Assert.AreEqual(0, Bash(_solution.Directory, run, env, out var output), $"{run}\n{output}");
        var manifest = MlOpsJson.Read<Manifest>(Path.Combine(_solution.ModelDirectory, "bin", "Release", "net10.0", "mlops", "manifest.json"));
        CollectionAssert.Contains(manifest.Data.Where(d => d.Role == "training").Select(d => d.Path.Replace('\\', '/')).ToList(), "captures/labeled-20261128T100000Z-1.csv");
    }
}
