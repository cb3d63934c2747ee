using System.Text.Json;
using System.Xml.Linq;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>The files `dotnet new mlops` writes, read without building them (the CI files: <see cref="CiWorkflowTests"/>).</summary>
[TestClass]
public sealed class GeneratedFilesTests
{
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
}
