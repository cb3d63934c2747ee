using System.Text.Json;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>The real tool's image-labels command writes the scoring host's ContainerLabel items from manifest.json; MSBuild reads them back.</summary>
[TestClass]
public sealed class ImageLabelsTests
{
    [TestMethod]
    public void LabelsComeFromTheTypedManifest()
    {
        using var project = new TargetProject();
        var folder = project.Directory;
        TestManifest.Write(folder, "Fast;Tree$(x)%");
        var output = Path.Combine(folder, "MlOps.ImageLabels.props");
        File.WriteAllLines(Path.Combine(folder, "image-labels.options"), [$"Manifest={Path.Combine(folder, "manifest.json")}", $"Output={output}"]);
        File.WriteAllText(Path.Combine(folder, "Labels.proj"), $"""<Project><Import Project="{output}" /><Target Name="Build" /></Project>""");

        var tool = DotNet.Run(folder, [TestPaths.RealTool, "image-labels", Path.Combine(folder, "image-labels.options")]);
        Assert.AreEqual(0, tool.ExitCode, tool.ToString());
        var read = DotNet.Run(folder, ["msbuild", "Labels.proj", "-nologo", "-getItem:ContainerLabel"]);
        Assert.AreEqual(0, read.ExitCode, read.ToString());

        var labels = JsonDocument.Parse(read.Output).RootElement.GetProperty("Items").GetProperty("ContainerLabel").EnumerateArray()
            .ToDictionary(l => l.GetProperty("Identity").GetString()!, l => l.GetProperty("Value").GetString()!);
        Assert.AreEqual("2026-01-02T03:04:05.25+00:00", labels["org.opencontainers.image.created"]);
        Assert.AreEqual("c0ffee", labels["org.opencontainers.image.revision"]);
        Assert.AreEqual("ab12", labels["io.github.mlops-sdk.model.sha256"]);
        Assert.AreEqual("Fast;Tree$(x)%", labels["io.github.mlops-sdk.model.trainer"], "MSBuild's special characters arrive as written");
        Assert.AreEqual(4, labels.Count);
    }
}
