using System.Net.Http;
using System.Diagnostics;
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
    private static string _registry = "";
    private static GeneratedSolution _solution = null!;
    private static CommandResult _build = null!, _test = null!, _publish = null!, _item = null!, _itemBuild = null!;

    [ClassInitialize]
    public static void GenerateBuildTestPublish(TestContext _)
    {
        Directory.CreateDirectory(State);
        _registry = Value(Script("registry.sh", "start"), "REGISTRY");
        var baseImage = Script("base-image.sh", _registry).Trim().Split('\n')[^1].Trim();

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
        Script("registry.sh", "stop");
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

    /// <summary>stdout of an eng/containers script (KEY=value lines there, progress on stderr).</summary>
    private static string Script(string name, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "eng", "containers", name));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["MLOPS_CONTAINERS_STATE"] = State;
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && args[0] != "stop") throw new AssertFailedException($"{name} {string.Join(' ', args)} failed:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    private static string Value(string output, string key) =>
        output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
}
