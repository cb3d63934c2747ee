using System.Net.Http;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>
/// The README's main path with the default task (binary): `dotnet new mlops`, then `dotnet build`, `dotnet test` and
/// `dotnet publish` at the solution root, publishing the scoring image to a loopback registry (--registry) on the
/// offline base image of eng/containers. Then `dotnet new mlops-item` adds a second model that builds.
/// The image is published for this task only: the scoring host and its image do not depend on the task.
/// </summary>
[TestClass]
public sealed class BinarySolutionTests
{
    private static readonly string State = Path.Combine(Path.GetTempPath(), $"mlops-tpl-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);
    private static readonly Dictionary<string, string> ContainerEnvironment = new() { ["MLOPS_CONTAINERS_STATE"] = State };
    private static LocalRegistry _localRegistry = null!;
    private static string _registry = "";
    private static GeneratedSolution _solution = null!;
    private static CommandResult _build = null!, _test = null!, _publish = null!, _item = null!, _itemBuild = null!;

    [ClassInitialize]
    public static void GenerateBuildTestPublish(TestContext _)
    {
        Directory.CreateDirectory(State);
        _localRegistry = LocalRegistry.Start(State);
        _registry = _localRegistry.Address;
        var baseImage = _localRegistry.PushBaseImage();

        var feed = TempFolders.New("model-feed");
        _solution = GeneratedSolution.Create("Churn", "--registry", _registry, "--feed", feed);
        _build = _solution.Run("build");
        _test = _solution.Run("test", "--logger", "console;verbosity=normal");
        _publish = _solution.Run(_solution.Directory, ["publish", $"-p:ContainerBaseImage={baseImage}"], ContainerEnvironment);

        _item = TemplatePackage.New(_solution.Directory, "mlops-item", "-n", "Prices.Model", "--task", "regression", "--training-time", "60");
        _itemBuild = _solution.Run(Path.Combine(_solution.Directory, "Prices.Model"), ["build"]);
    }

    [ClassCleanup]
    public static void StopRegistry()
    {
        _localRegistry?.Dispose();
        try { Directory.Delete(State, recursive: true); } catch (IOException) { }
    }

    [TestMethod]
    public void BuildTrainsTheSampleModelAndWritesTheSchemaContract()
    {
        BuildAssert.Succeeded(_build);
        StringAssert.Contains(_build.Output, "MlOps: BinaryClassification on 'Churned'");
        Assert.IsTrue(File.Exists(Path.Combine(_solution.ModelDirectory, "bin", "Debug", "net10.0", "mlops", "model.zip")));
        Assert.IsTrue(File.Exists(Path.Combine(_solution.ModelDirectory, "mlops.schema.json")));
    }

    [TestMethod]
    public void TestRunsTheGeneratedChecksAndTheHandWrittenOne()
    {
        BuildAssert.Succeeded(_test);
        foreach (var check in new[] { "Churn.Model: quality gate AUC >= 0.7", "Churn.Model: schema of churn-test.csv", "Churn.Model: drift of churn-test.csv" })
            StringAssert.Contains(_test.Output, $"Passed Check (\"{check}\")");
        StringAssert.Contains(_test.Output, "Passed TrainedOnTheProjectsData");
    }

    [TestMethod]
    public void PublishPushesTheScoringImageToTheRegistry()
    {
        BuildAssert.Succeeded(_publish);
        StringAssert.Contains(_publish.Output, $"-> {_registry}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var tags = http.GetStringAsync($"http://127.0.0.1:{_registry.Split(':')[1]}/v2/churn.model/tags/list").GetAwaiter().GetResult();
        StringAssert.Contains(tags, "\"1.0.0\"");
    }

    [TestMethod]
    public void ItemTemplateAddsASecondModelThatBuilds()
    {
        BuildAssert.Succeeded(_item);
        StringAssert.Contains(_solution.Read("Churn.slnx"), "Prices.Model/Prices.Model.csproj");
        BuildAssert.Succeeded(_itemBuild);
        StringAssert.Contains(_itemBuild.Output, "MlOps: Regression on 'Price'");
        Assert.IsTrue(File.Exists(Path.Combine(_solution.Directory, "Prices.Model", "bin", "Debug", "net10.0", "mlops", "model.zip")));
    }
}
