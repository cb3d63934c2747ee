using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Tool.Oci;

namespace MlOps.Tool;

/// <summary>
/// image-labels: the MSBuild file the serving host (build/serving/Host.csproj) imports to build the image as the
/// model project asks. It holds the lineage labels, read from manifest.json with the typed <see cref="Manifest"/>, then
/// the model project's own Container* properties and items (Property=Name|Value, Item=Type|Include|Metadata|Value),
/// which come after so the project's settings win. Properties and items cannot cross the MSBuild task boundary into
/// the host except as global properties, which would also override the host's own; a file keeps MSBuild's order.
/// </summary>
public static class ImageLabelsCommand
{
    public static readonly OptionKeys Keys = new(["Manifest", "Output"], ["ProjectFile", "Property", "Item", "RuntimeIdentifier", "Copyright"]);

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
        foreach (var warning in NativeRuntimes.Unsupported(manifest.BestTrainer.Trainer, options.List("RuntimeIdentifier"), options.Get("ProjectFile")))
            log.WriteLine(warning.Format());

        var project = new XElement("Project",
            new XComment(" Written by MlOps.Tool image-labels on each publish, from manifest.json and the model project's Container* settings; do not edit. "),
            new XElement("ItemGroup", Labels(manifest, options.Get("Copyright")).Select(label =>
                new XElement("ContainerLabel", new XAttribute("Include", label.Name), new XAttribute("Value", Escape(label.Value))))),
            new XElement("PropertyGroup", options.All("Property").Select(Property)),
            new XElement("ItemGroup", options.All("Item").Select(Item)));
        AtomicFile.WriteAllText(output, project.ToString() + Environment.NewLine, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        log.WriteLine($"MlOps: image labels and container settings written to {output}");
        return 0;
    }

    /// <summary>Each label the manifest and the project's Copyright (which the .NET SDK does not label) give, when they have a value.</summary>
    public static IEnumerable<(string Name, string Value)> Labels(Manifest manifest, string? copyright = null)
    {
        // The manifest's own text for the time (its JSON form), as it reads in manifest.json.
        yield return ("org.opencontainers.image.created", MlOpsJson.Serialize(manifest.FinishedUtc).Trim('"'));
        if (manifest.Git is { Commit.Length: > 0 } git) yield return ("org.opencontainers.image.revision", git.Commit);
        if (manifest.ModelSha256.Length > 0) yield return (MlOpsAnnotations.ModelSha256, manifest.ModelSha256);
        if (manifest.BestTrainer.Trainer.Length > 0) yield return (MlOpsAnnotations.Trainer, manifest.BestTrainer.Trainer);
        if (copyright is { Length: > 0 }) yield return (MlOpsAnnotations.Copyright, copyright);
    }

    // "Name|Value": the value keeps any further '|'.
    private static XElement Property(string option)
    {
        var parts = option.Split('|', 2);
        return new XElement(parts[0], Escape(parts.Length > 1 ? parts[1] : "", keepLists: true));
    }

    // "Type|Include|Metadata|Value" (Metadata empty for an item without one, e.g. ContainerAppCommand).
    private static XElement Item(string option)
    {
        var parts = option.Split('|', 4);
        var item = new XElement(parts[0], new XAttribute("Include", Escape(parts[1])));
        if (parts.Length == 4 && parts[2].Length > 0) item.Add(new XAttribute(parts[2], Escape(parts[3])));
        return item;
    }

    // MSBuild would expand $(…), @(…) and %(…) and split on ';' in an item's metadata: write those characters escaped.
    // A property keeps ';', '*' and '?' (ContainerRuntimeIdentifiers and ContainerImageTags are lists the SDK splits).
    private static string Escape(string value, bool keepLists = false)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
            escaped.Append(c is '%' or '$' or '@' or '\'' || (!keepLists && c is ';' or '*' or '?') ? $"%{(int)c:X2}" : c);
        return escaped.ToString();
    }
}
