using System.Text.Json;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Sbom;

/// <summary>One NuGet package a project restored: its hash is the SHA-512 NuGet recorded for the .nupkg.</summary>
public sealed record NuGetPackage(string Id, string Version, string? Sha512, bool Direct)
{
    public string Purl => $"pkg:nuget/{Uri.EscapeDataString(Id)}@{Uri.EscapeDataString(Version)}";
}

/// <summary>
/// The packages of a restored project, read from its obj/project.assets.json: every package any target framework
/// (or runtime) resolved, with the hash NuGet checked on download, and which ones the project references itself.
/// The assets file is what the build compiled and published against, so it lists what ships, transitive ones too.
/// </summary>
public static class AssetsPackages
{
    public static IReadOnlyList<NuGetPackage> Read(string assetsFile, string projectFile)
    {
        if (!File.Exists(assetsFile))
            throw new MlOpsException(ErrorCodes.SbomInputMissing, $"The SBOM needs the restored packages in {assetsFile}, which does not exist: restore the project first.", projectFile);
        using var document = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        var root = document.RootElement;

        var direct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("project", out var project) && project.TryGetProperty("frameworks", out var frameworks))
            foreach (var framework in frameworks.EnumerateObject())
                if (framework.Value.TryGetProperty("dependencies", out var dependencies))
                    foreach (var dependency in dependencies.EnumerateObject()) direct.Add(dependency.Name);

        var resolved = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in root.GetProperty("targets").EnumerateObject())
            foreach (var library in target.Value.EnumerateObject())
                if (library.Value.TryGetProperty("type", out var type) && type.GetString() == "package") resolved.Add(library.Name);

        var libraries = root.GetProperty("libraries");
        return resolved.Select(key =>
        {
            var (id, version) = (key[..key.IndexOf('/')], key[(key.IndexOf('/') + 1)..]);
            string? sha512 = libraries.TryGetProperty(key, out var library) && library.TryGetProperty("sha512", out var hash) && hash.GetString() is { Length: > 0 } base64
                ? Convert.ToHexStringLower(Convert.FromBase64String(base64))
                : null;
            return new NuGetPackage(id, version, sha512, direct.Contains(id));
        }).ToList();
    }
}
