using System.Text.Json;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>
/// The model project's Container* properties and items and its metadata reach the scoring host: the model project's
/// targets compute the options (_MlOpsContainerSettings), the real tool writes the file the host imports, and the
/// host's own project (sdk/build/serving/Host.csproj) is evaluated with it, as the publish evaluates it.
/// </summary>
[TestClass]
public sealed class ContainerConventionTests
{
    // Writes the image-labels options the publish would pass (plus the manifest and output), without publishing.
    private const string WriteOptions = """
          <Target Name="WriteImageOptions" DependsOnTargets="_MlOpsContainerSettings">
            <WriteLinesToFile File="image-labels.options" Lines="@(_MlOpsImageLabelsOption);Manifest=$(MSBuildProjectDirectory)/manifest.json;Output=$(MSBuildProjectDirectory)/host/MlOps.ImageLabels.props" Overwrite="true" />
          </Target>
        """;

    private static (JsonElement Properties, JsonElement Items, CommandResult Tool) Host(TargetProject project, string trainer = "FastTree")
    {
        TestManifest.Write(project.Directory, trainer);
        var options = project.Run("-t:WriteImageOptions");
        Assert.AreEqual(0, options.ExitCode, options.ToString());
        var host = Path.Combine(project.Directory, "host");
        Directory.CreateDirectory(host);
        foreach (var file in new[] { "Host.csproj", "Directory.Build.props", "Directory.Build.targets" })
            File.Copy(Path.Combine(TestPaths.ServingTemplate, file), Path.Combine(host, file));

        var tool = DotNet.Run(project.Directory, [TestPaths.RealTool, "image-labels", Path.Combine(project.Directory, "image-labels.options")]);
        Assert.AreEqual(0, tool.ExitCode, tool.ToString());
        var read = DotNet.Run(host, ["msbuild", "Host.csproj", "-nologo", "-p:MlOpsModelName=Model", "-p:MlOpsModelVersion=1.2.3",
            .. new[] { "ContainerUser", "ContainerFamily", "ContainerImageFormat", "ContainerWorkingDirectory", "RuntimeIdentifier", "RuntimeIdentifiers",
                "ContainerRuntimeIdentifier", "ContainerRuntimeIdentifiers", "ContainerDescription", "ContainerAuthors", "ContainerInformationUrl", "ContainerLicenseExpression", "ContainerTitle" }
                .Select(p => "-getProperty:" + p),
            "-getItem:ContainerLabel", "-getItem:ContainerEnvironmentVariable", "-getItem:ContainerPort", "-getItem:ContainerAppCommandArgs"]);
        Assert.AreEqual(0, read.ExitCode, read.ToString());
        var root = JsonDocument.Parse(read.Output).RootElement;
        return (root.GetProperty("Properties"), root.GetProperty("Items"), tool);
    }

    private static Dictionary<string, string> Items(JsonElement items, string type, string metadata) =>
        items.GetProperty(type).EnumerateArray().ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty(metadata).GetString()!);

    [TestMethod]
    public void ContainerPropertiesAndMetadataSetInTheProjectReachTheHost()
    {
        using var project = new TargetProject().Extra(WriteOptions)
            .Set("ContainerUser", "1000:2000").Set("ContainerFamily", "noble-chiseled").Set("ContainerImageFormat", "OCI")
            .Set("ContainerWorkingDirectory", "/srv/model").Set("ContainerRuntimeIdentifier", "linux-arm64")
            .Set("Authors", "Ada; Grace").Set("Description", "Prices %24(sic) homes").Set("PackageLicenseExpression", "Apache-2.0")
            .Set("PackageProjectUrl", "https://example.com/homes").Set("Title", "Homes").Set("Copyright", "© 2026 Homes; 100%");

        var (properties, items, _) = Host(project);

        Assert.AreEqual("1000:2000", properties.GetProperty("ContainerUser").GetString(), "the project's user, not the host's 1654");
        Assert.AreEqual("noble-chiseled", properties.GetProperty("ContainerFamily").GetString());
        Assert.AreEqual("OCI", properties.GetProperty("ContainerImageFormat").GetString());
        // With the trailing slash the SDK's entrypoint needs ($(ContainerWorkingDirectory)$(TargetFileName)).
        Assert.AreEqual("/srv/model/", properties.GetProperty("ContainerWorkingDirectory").GetString());
        Assert.AreEqual("linux-arm64", properties.GetProperty("RuntimeIdentifier").GetString(), "the host builds for the container RID");
        // The .NET SDK turns these into org.opencontainers.image.{description,authors,url,licenses,title}.
        Assert.AreEqual("Prices $(sic) homes", properties.GetProperty("ContainerDescription").GetString(), "an escaped $ stays a literal $ through the file");
        Assert.AreEqual("Ada; Grace", properties.GetProperty("ContainerAuthors").GetString());
        Assert.AreEqual("https://example.com/homes", properties.GetProperty("ContainerInformationUrl").GetString());
        Assert.AreEqual("Apache-2.0", properties.GetProperty("ContainerLicenseExpression").GetString());
        Assert.AreEqual("Homes", properties.GetProperty("ContainerTitle").GetString());
        // No org.opencontainers.image key for Copyright: our own label, with ';' and '%' as written.
        Assert.AreEqual("© 2026 Homes; 100%", Items(items, "ContainerLabel", "Value")["io.github.mlops-sdk.copyright"]);
    }

    [TestMethod]
    public void WithoutSettingsTheHostKeepsItsDefaults()
    {
        using var project = new TargetProject().Extra(WriteOptions);

        var (properties, items, _) = Host(project);

        Assert.AreEqual("1654", properties.GetProperty("ContainerUser").GetString());
        Assert.AreEqual("linux-x64", properties.GetProperty("RuntimeIdentifier").GetString());
        Assert.AreEqual("Model", properties.GetProperty("ContainerTitle").GetString(), "the model's name");
        Assert.AreEqual("", properties.GetProperty("ContainerDescription").GetString(), "NuGet's placeholder 'Package Description' is not forwarded");
        CollectionAssert.AreEquivalent(new[] { "8080" }, Items(items, "ContainerPort", "Type").Keys.ToArray());
    }

    [TestMethod]
    public void AOneRidListBuildsForThatRidAndWarnsWhenTheTrainerHasNoNativeLibraryForIt()
    {
        using var project = new TargetProject().Extra(WriteOptions).Set("ContainerRuntimeIdentifiers", "linux-arm64;");

        var (properties, _, tool) = Host(project, trainer: "LightGbm");

        Assert.AreEqual(("linux-arm64", "linux-arm64", ""), (properties.GetProperty("ContainerRuntimeIdentifier").GetString(), properties.GetProperty("RuntimeIdentifier").GetString(),
            properties.GetProperty("ContainerRuntimeIdentifiers").GetString()), "one RID: a single-platform image, not an index of one");
        StringAssert.Contains(tool.Output, "warning MLOPS5070: The image is built for linux-arm64, but the model's trainer LightGbm needs LightGBM's native library");
        // Where that host publishes (deploy measures the published host, the champion is cleared from it).
        var publishDir = project.Run("-getProperty:_MlOpsServingPublishDir");
        StringAssert.EndsWith(publishDir.Output.Trim(), "/linux-arm64/publish/", publishDir.ToString());
    }

    [TestMethod]
    public void SeveralRuntimeIdentifiersRestoreTheHostForEachAndWarnForTheOnesTheTrainerLacks()
    {
        using var project = new TargetProject().Extra(WriteOptions).Set("ContainerRuntimeIdentifiers", "linux-x64;linux-arm64").Set("ContainerRegistry", "localhost:5000");

        var (properties, _, tool) = Host(project, trainer: "LightGbm");

        // Each image build names its own RID (_MlOpsPublishImage); the host restores for both.
        Assert.AreEqual(("linux-x64;linux-arm64", "", "linux-x64"), (properties.GetProperty("RuntimeIdentifiers").GetString(),
            properties.GetProperty("ContainerRuntimeIdentifier").GetString(), properties.GetProperty("RuntimeIdentifier").GetString()));
        StringAssert.Contains(tool.Output, "warning MLOPS5070: The image is built for linux-arm64, but the model's trainer LightGbm needs LightGBM's native library");
        Assert.IsFalse(tool.Output.Contains("built for linux-x64", StringComparison.Ordinal), tool.Output);
        // Deploy measures the build this machine runs.
        StringAssert.EndsWith(project.Run("-getProperty:_MlOpsServingPublishDir").Output.Trim(), "/linux-x64/publish/");
    }

    [TestMethod]
    public void AChampionAnEarlierPublishLeftIsClearedFromEveryPlatformsPublishFolder()
    {
        using var project = new TargetProject().Set("ContainerRuntimeIdentifiers", "linux-x64;linux-arm64").Set("ContainerRegistry", "localhost:5000");
        var serving = Path.Combine(project.Directory, "obj", "Debug", "net10.0", "mlops", "serving", "bin", "Debug", "net10.0");
        foreach (var rid in new[] { "linux-x64", "linux-arm64" })
        {
            Directory.CreateDirectory(Path.Combine(serving, rid, "publish", "mlops", "champion"));
            File.WriteAllText(Path.Combine(serving, rid, "publish", "mlops", "rollout.json"), "{}");
            File.WriteAllText(Path.Combine(serving, rid, "publish", "mlops", "model.zip"), "");
        }

        var result = project.Run("-t:_MlOpsClearStaleChampion");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        foreach (var rid in new[] { "linux-x64", "linux-arm64" })
        {
            Assert.IsFalse(Directory.Exists(Path.Combine(serving, rid, "publish", "mlops", "champion")), rid);
            Assert.IsFalse(File.Exists(Path.Combine(serving, rid, "publish", "mlops", "rollout.json")), rid);
            Assert.IsTrue(File.Exists(Path.Combine(serving, rid, "publish", "mlops", "model.zip")), "the challenger stays");
        }
    }

    [TestMethod]
    public void SeveralRuntimeIdentifiersWithoutARegistryAreMlops1061BeforeAnythingIsBuilt()
    {
        using var project = new TargetProject().Extra(WriteOptions).Set("ContainerRuntimeIdentifiers", "linux-x64;linux-arm64");

        var result = project.Run("-t:WriteImageOptions");

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, $"{project.ProjectFile} : error MLOPS1061: ContainerRuntimeIdentifiers 'linux-x64;linux-arm64' names several runtime identifiers");
        Assert.IsFalse(File.Exists(Path.Combine(project.Directory, "image-labels.options")), "nothing written");
        // One RID chosen on the command line wins over the list, as the .NET SDK has it.
        Assert.AreEqual(0, project.Run("-t:WriteImageOptions", "-p:ContainerRuntimeIdentifier=linux-arm64").ExitCode);
    }

    [TestMethod]
    public void ContainerItemsSetInTheProjectReachTheHostAfterItsOwn()
    {
        using var project = new TargetProject().Extra(WriteOptions)
            .Item("""<ContainerLabel Include="com.example.team" Value="pricing%3Bdata %24(x) 100%25" />""")
            .Item("""<ContainerLabel Include="org.opencontainers.image.vendor" Value="Example" />""")
            .Item("""<ContainerEnvironmentVariable Include="DOTNET_gcServer" Value="0" />""")
            .Item("""<ContainerPort Include="9090" Type="udp" />""")
            .Item("""<ContainerAppCommandArgs Include="--verbose" />""");

        var (_, items, _) = Host(project);

        var labels = Items(items, "ContainerLabel", "Value");
        Assert.AreEqual("pricing;data $(x) 100%", labels["com.example.team"], "one label, its ';', '$' and '%' literal");
        Assert.AreEqual("Example", labels["org.opencontainers.image.vendor"]);
        Assert.AreEqual("ab12", labels["io.github.mlops-sdk.model.sha256"], "the lineage labels stay");
        Assert.AreEqual("0", Items(items, "ContainerEnvironmentVariable", "Value")["DOTNET_gcServer"]);
        Assert.AreEqual("8080", Items(items, "ContainerEnvironmentVariable", "Value")["ASPNETCORE_HTTP_PORTS"], "the service's own port stays");
        var ports = Items(items, "ContainerPort", "Type");
        Assert.AreEqual(("udp", "tcp"), (ports["9090"], ports["8080"]));
        CollectionAssert.AreEqual(new[] { "--verbose" }, items.GetProperty("ContainerAppCommandArgs").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()).ToArray());
    }

    [TestMethod]
    [DataRow("app")]
    [DataRow("0")]
    [DataRow("0:0")]
    [DataRow("1000:app")]
    public void AUserTheManifestsCannotRunAsIsMlops1060(string user)
    {
        using var project = new TargetProject().Extra(WriteOptions).Set("ContainerUser", user);

        var result = project.Run("-t:WriteImageOptions");

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, $"{project.ProjectFile} : error MLOPS1060: ContainerUser '{user}' is not a numeric non-root user");
    }
}
