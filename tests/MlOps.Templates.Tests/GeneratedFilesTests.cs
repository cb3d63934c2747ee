using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.EndToEnd.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace MlOps.Templates.Tests;

/// <summary>The files `dotnet new mlops` writes, read without building them.</summary>
[TestClass]
public sealed class GeneratedFilesTests
{
    private static readonly Regex AllowedCommand = new(@"^dotnet (build|test|publish)( |$)");
    private static GeneratedSolution _solution = null!;

    [ClassInitialize]
    public static void Instantiate(TestContext _) => _solution = GeneratedSolution.Create("Files");

    [TestMethod]
    public void PinsTheVersionItWasPackedWith()
    {
        using var globalJson = JsonDocument.Parse(_solution.Read("global.json"));
        Assert.AreEqual(SdkFeed.Version, globalJson.RootElement.GetProperty("msbuild-sdks").GetProperty("MlOps.Sdk").GetString());
        var testing = XDocument.Parse(_solution.Read("Files.Model.Tests/Files.Model.Tests.csproj")).Descendants("PackageReference")
            .Single(r => (string?)r.Attribute("Include") == "MlOps.Testing");
        Assert.AreEqual(SdkFeed.Version, (string?)testing.Attribute("Version"));
        StringAssert.Contains(_solution.Read("nuget.config"), SdkFeed.Folder, "--package-source writes the feed into nuget.config");
    }

    [TestMethod]
    public void GitHubActionsOnlyRunsDotnetBuildTestPublish()
    {
        var steps = Sequence(Map(Map(Map(Yaml(".github/workflows/mlops.yml"), "jobs"), "model"), "steps"));
        var runs = steps.Where(s => s.Children.ContainsKey("run")).Select(s => Scalar(s, "run")).ToList();
        // Every other step only sets up the checkout and the .NET SDK.
        foreach (var step in steps.Where(s => !s.Children.ContainsKey("run")))
            StringAssert.Matches(Scalar(step, "uses"), new Regex(@"^actions/(checkout|setup-dotnet)@"));
        AssertOnlyTheThreeCommands(runs);
    }

    [TestMethod]
    public void AzurePipelinesOnlyRunsDotnetBuildTestPublish()
    {
        var steps = Sequence(Map(Yaml("azure-pipelines.yml"), "steps"));
        foreach (var step in steps.Where(s => !s.Children.ContainsKey("script")))
            Assert.AreEqual("UseDotNet@2", Scalar(step, "task"));
        AssertOnlyTheThreeCommands(steps.Where(s => s.Children.ContainsKey("script")).Select(s => Scalar(s, "script")).ToList());
    }

    [TestMethod]
    public void GitLabOnlyRunsDotnetBuildTestPublish()
    {
        var root = Yaml(".gitlab-ci.yml");
        // Jobs are the top-level mappings with a script (the rest are keywords such as image and stages).
        var jobs = root.Children.Values.OfType<YamlMappingNode>().Where(j => j.Children.ContainsKey("script")).ToList();
        var job = jobs.Single();
        Assert.IsFalse(job.Children.ContainsKey("before_script") || job.Children.ContainsKey("after_script"));
        var commands = ((YamlSequenceNode)job.Children[new YamlScalarNode("script")]).Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList();
        AssertOnlyTheThreeCommands(commands);
    }

    private static void AssertOnlyTheThreeCommands(List<string> commands)
    {
        foreach (var command in commands.SelectMany(c => c.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            StringAssert.Matches(command, AllowedCommand);
        foreach (var verb in new[] { "build", "test", "publish" })
            Assert.IsTrue(commands.Any(c => c.StartsWith($"dotnet {verb}")), $"no dotnet {verb} in: {string.Join(" | ", commands)}");
    }

    private static YamlMappingNode Yaml(string relativePath)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(_solution.Read(relativePath)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlNode Map(YamlNode node, string key) => ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
    private static List<YamlMappingNode> Sequence(YamlNode node) => ((YamlSequenceNode)node).Children.Cast<YamlMappingNode>().ToList();
    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
