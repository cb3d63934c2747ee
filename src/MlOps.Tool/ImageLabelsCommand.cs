using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Tool;

/// <summary>
/// image-labels: the scoring image's lineage labels, read from manifest.json with the typed <see cref="Manifest"/>,
/// written as an MSBuild file of ContainerLabel items that the serving host (build/serving/Host.csproj) imports.
/// The version and source labels come from the model project's properties and stay in the host.
/// </summary>
public static class ImageLabelsCommand
{
    public static readonly OptionKeys Keys = new(["Manifest", "Output"], []);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var manifestPath = options.Require("Manifest");
        var output = options.Require("Output");
        Manifest manifest;
        try { manifest = MlOpsJson.Read<Manifest>(manifestPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new MlOpsException(ErrorCodes.PublishNoModel, $"The model's manifest cannot be read for the image labels: {e.Message} Build again to retrain.", manifestPath);
        }

        var project = new XElement("Project",
            new XComment(" Written by MlOps.Tool image-labels from manifest.json on each publish; do not edit. "),
            new XElement("ItemGroup", Labels(manifest).Select(label =>
                new XElement("ContainerLabel", new XAttribute("Include", label.Name), new XAttribute("Value", Escape(label.Value))))));
        AtomicFile.WriteAllText(output, project.ToString() + Environment.NewLine, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        log.WriteLine($"MlOps: image labels written to {output}");
        return 0;
    }

    /// <summary>Each label the manifest can give, when it has a value.</summary>
    public static IEnumerable<(string Name, string Value)> Labels(Manifest manifest)
    {
        // The manifest's own text for the time (its JSON form), as it reads in manifest.json.
        yield return ("org.opencontainers.image.created", MlOpsJson.Serialize(manifest.FinishedUtc).Trim('"'));
        if (manifest.Git is { Commit.Length: > 0 } git) yield return ("org.opencontainers.image.revision", git.Commit);
        if (manifest.ModelSha256.Length > 0) yield return ("io.mlops.model.sha256", manifest.ModelSha256);
        if (manifest.BestTrainer.Trainer.Length > 0) yield return ("io.mlops.model.trainer", manifest.BestTrainer.Trainer);
    }

    // MSBuild would expand $(…), @(…) and %(…) and split on ';' in an item's metadata: write those characters escaped.
    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
            escaped.Append(c is '%' or '$' or '@' or ';' or '\'' or '*' or '?' ? $"%{(int)c:X2}" : c);
        return escaped.ToString();
    }
}
