using System.IO.Compression;
using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Sdk.Tasks;

namespace MlOps.Tool;

/// <summary>
/// published: the last step of `dotnet publish`, which says what shipped, as summary lines the terminal logger keeps on
/// screen (the steps' own lines are plain messages it hides): the model.zip by its hash and whether `dotnet test`
/// checked exactly that file, then the image, the package, the model artifact and the SBOMs. Each line states what is on
/// disk now (the hash is computed, the signature is looked for in the package), not what the settings asked for.
/// </summary>
public static class PublishedCommand
{
    public static readonly OptionKeys Keys = new(["ModelFolder", "Name"],
        ["Version", "ProjectDirectory", "Image", "ImageArchive", "Package", "Feed", "Artifact", "Sbom", "Manifests"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var folder = options.Require("ModelFolder");
        Manifest manifest;
        string sha;
        try
        {
            manifest = MlOpsJson.Read<Manifest>(Path.Combine(folder, ArtifactFiles.Manifest));
            sha = FileHash.Sha256(Path.Combine(folder, ArtifactFiles.Model));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new MlOpsException(ErrorCodes.PublishNoModel, $"The published model cannot be read in '{folder}': {e.Message}");
        }
        foreach (var line in Lines(options, manifest, sha)) log.WriteLine(ToolOutput.FormatSummary(line));
        return 0;
    }

    public static IEnumerable<string> Lines(OptionsFile options, Manifest manifest, string modelSha256)
    {
        var name = $"{options.Require("Name")} {options.Get("Version")}".TrimEnd();
        // Paths under the project as the build's own summary gives them (bin/Release/…), others in full.
        var project = options.Get("ProjectDirectory");
        string Shown(string path) => project is not null && Path.GetRelativePath(project, path) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
            ? relative : path;
        yield return $"MlOps: published {name}: model.zip sha256:{modelSha256[..12]}, {Tested(manifest, modelSha256)}";
        if (options.Get("Image") is { } image)
            yield return $"MlOps:   scoring image {image}" + (options.Get("ImageArchive") is { } archive ? $" (archive {Shown(archive)})" : "");
        if (options.Get("Manifests") is { } manifests && Directory.Exists(manifests))
            yield return $"MlOps:   Kubernetes manifests {Shown(manifests)}";
        if (options.Get("Package") is { } package && File.Exists(package))
            yield return $"MlOps:   model package {Shown(package)}" + (IsSigned(package) ? " (signed)" : "") +
                         (options.Get("Feed") is { } feed ? $", pushed to {feed}" : "");
        if (options.Get("Artifact") is { } artifact)
            yield return $"MlOps:   model artifact {(project is not null && artifact.StartsWith(project, StringComparison.Ordinal) ? Shown(artifact) : artifact)}";
        var sboms = options.All("Sbom").Where(File.Exists).Select(Path.GetFileName).ToList();
        if (sboms.Count > 0) yield return $"MlOps:   SBOMs {string.Join(", ", sboms)} (CycloneDX, in the model artifact)";
    }

    /// <summary>Whether `dotnet test` recorded checks on this very model.zip (the manifest's verification, by hash).</summary>
    private static string Tested(Manifest manifest, string modelSha256) => manifest.Verification switch
    {
        { } v when v.ModelSha256 != modelSha256 => "NOT the model dotnet test checked (it checked another model.zip)",
        { AllPassed: true } v => $"the model dotnet test checked ({v.Checks.Count} checks passed)",
        { } v => $"checked by dotnet test, {v.Checks.Count(c => !c.Passed)} of {v.Checks.Count} checks failed",
        null => "not checked by dotnet test (run it before publishing to ship a checked model)",
    };

    /// <summary>A NuGet package is signed when it holds the package signature entry (NuGet's .signature.p7s).</summary>
    private static bool IsSigned(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.GetEntry(".signature.p7s") is not null;
    }
}
