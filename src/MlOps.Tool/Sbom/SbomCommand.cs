using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Sbom;

/// <summary>
/// sbom: the CycloneDX SBOM `dotnet publish` writes beside each output (docs/supply-chain.md).
/// Kind=package: the model package (pkg:nuget/Id@Version): the model files with their SHA-256 and the NuGet packages
/// the model project restored. Kind=image: the scoring image (pkg:oci/…@digest): its base image by reference and
/// digest, the scoring host's NuGet packages and the model files it carries.
/// </summary>
public static class SbomCommand
{
    public static readonly OptionKeys Keys = new(["ProjectFile", "Kind", "Name", "Version", "AssetsFile", "ModelFolder", "Output"],
        ["Image", "BaseImage", "BaseImageDigestFile"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var projectFile = options.Require("ProjectFile");
        var (name, version) = (options.Require("Name"), options.Require("Version"));
        var packages = AssetsPackages.Read(options.Require("AssetsFile"), projectFile);
        var kind = options.Require("Kind");
        var bom = kind switch
        {
            "package" => PackageBom(new NuGetPackage(name, version, null, Direct: false)),
            "image" => ImageBom(options.Require("Image"), version),
            _ => throw new ArgumentException($"Kind '{kind}' is neither package nor image."),
        };
        if (kind == "image" && options.Get("BaseImage") is { } baseImage)
            bom.Add(BaseImage(baseImage, options.Get("BaseImageDigestFile")), direct: true);
        AddModelFiles(bom, options.Require("ModelFolder"));
        bom.AddPackages(packages);

        var output = options.Require("Output");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        AtomicFile.WriteAllBytes(output, bom.ToJson());
        log.WriteLine($"MlOps: SBOM (CycloneDX {CycloneDxBom.SpecVersion}) of the {(kind == "image" ? "scoring image" : "model package")} {name} {version}: {packages.Count} NuGet packages -> {output}");
        return 0;
    }

    private static CycloneDxBom PackageBom(NuGetPackage package) =>
        new(CycloneDxBom.Component("library", package.Id, package.Version, package.Purl, package.Purl, []));

    /// <summary>The image as registry/repository@digest (or repository@digest for an archive).</summary>
    private static CycloneDxBom ImageBom(string image, string tag)
    {
        var at = image.LastIndexOf('@');
        var (repository, digest) = (image[..at], image[(at + 1)..]);
        return new CycloneDxBom(CycloneDxBom.Component("container", repository, digest, image, OciPurl(repository, digest, tag), [("SHA-256", digest["sha256:".Length..])]));
    }

    /// <summary>The base image as the .NET SDK resolved it; its digest from the base-image check when the reference has none.</summary>
    private static System.Text.Json.Nodes.JsonObject BaseImage(string reference, string? digestFile)
    {
        var at = reference.IndexOf('@');
        var digest = at >= 0 ? reference[(at + 1)..] : digestFile is not null && File.Exists(digestFile) ? File.ReadAllText(digestFile).Trim() : null;
        var name = at >= 0 ? reference[..at] : reference;
        var colon = name.LastIndexOf(':');
        var (repository, tag) = colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..]) : (name, null);
        var hashes = digest is { Length: > 0 } d && d.StartsWith("sha256:", StringComparison.Ordinal) ? [("SHA-256", d["sha256:".Length..])] : Array.Empty<(string, string)>();
        return CycloneDxBom.Component("container", repository, digest is { Length: > 0 } ? digest : tag, "base-image",
            digest is { Length: > 0 } ? OciPurl(repository, digest, tag) : null, hashes);
    }

    /// <summary>pkg:oci/name@digest?repository_url=…&amp;tag=… (the purl spec's OCI type).</summary>
    public static string OciPurl(string repository, string digest, string? tag)
    {
        var name = repository[(repository.LastIndexOf('/') + 1)..].ToLowerInvariant();
        return $"pkg:oci/{name}@{Uri.EscapeDataString(digest)}?repository_url={Uri.EscapeDataString(repository)}" + (tag is null ? "" : $"&tag={Uri.EscapeDataString(tag)}");
    }

    private static void AddModelFiles(CycloneDxBom bom, string folder)
    {
        foreach (var (file, _, _) in ModelArtifact.Files)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            var type = file == ArtifactFiles.Model ? "machine-learning-model" : "file";
            bom.Add(CycloneDxBom.Component(type, file, null, "model:" + file, null, [("SHA-256", FileHash.Sha256(path))]), direct: file == ArtifactFiles.Model);
        }
    }
}
