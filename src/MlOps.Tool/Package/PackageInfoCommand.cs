using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Package;

/// <summary>
/// package-info: before the .NET SDK packs a model project, writes the package's lineage metadata (description, tags,
/// commit) as one-line files the targets read, and names the readme: the model card (model-card.md) when the build
/// wrote one, else a short lineage readme. Refuses a model.zip its manifest does not describe.
/// </summary>
public static class PackageInfoCommand
{
    public const string ModelCard = "model-card.md";

    public static readonly OptionKeys Keys = new(["ModelFolder", "PackageId", "Version", "OutputDirectory"], ["Description"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var modelFolder = options.Require("ModelFolder");
        var id = options.Require("PackageId");
        var version = options.Require("Version");
        var output = options.Require("OutputDirectory");

        ModelPackage.Verify(modelFolder, $"the model in {modelFolder}", ErrorCodes.PackageModelInconsistent);
        var lineage = Lineage.Read(modelFolder, null);
        Directory.CreateDirectory(output);
        var description = options.Get("Description") is { } own ? own + Environment.NewLine + Environment.NewLine + lineage.Summary() : lineage.Summary();
        var readme = Path.Combine(modelFolder, ModelCard);
        if (!File.Exists(readme))
        {
            readme = Path.Combine(output, "README.md");
            Write(readme, lineage.ToMarkdown($"{id} {version}"));
        }
        Write(Path.Combine(output, "description.txt"), description);
        Write(Path.Combine(output, "tags.txt"), string.Join(' ', lineage.Tags())); // one nuspec string: MSBuild keeps a property function's ";" literal
        Write(Path.Combine(output, "commit.txt"), lineage.Manifest.Git?.Commit ?? "");
        Write(Path.Combine(output, "readme.txt"), readme);
        return 0;
    }

    /// <summary>Only when different, so an unchanged model leaves Pack's inputs untouched.</summary>
    private static void Write(string path, string content)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != content) AtomicFile.WriteAllText(path, content);
    }
}
