using System.Globalization;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool;

/// <summary>
/// artifact: after `dotnet publish`, the model folder as an OCI artifact, pushed to MlOpsModelRegistry under the
/// model version, or (no registry) written as an OCI image layout under bin/, offline. The SBOMs publish wrote
/// travel as layers of their own (application/vnd.cyclonedx+json).
/// </summary>
public static class ArtifactCommand
{
    /// <summary>Layout is where the artifact goes when there is no Registry.</summary>
    public static readonly OptionKeys Keys = new(["ProjectFile", "Version", "ModelFolder"], ["Tag", "Source", "Registry", "Layout", "ReferenceFile", "Sbom", "Authors", "Description", "License", "ProjectUrl", "Copyright"]);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var version = options.Require("Version");
        var tag = TagOf(options.Get("Tag"), version, project);
        var artifact = ModelArtifact.FromFolder(options.Require("ModelFolder"), version, new Dictionary<string, string?>
        {
            [OciAnnotations.Source] = options.Get("Source"),
            [OciAnnotations.Authors] = options.Get("Authors"),
            [OciAnnotations.Description] = options.Get("Description"),
            [OciAnnotations.Licenses] = options.Get("License"),
            [OciAnnotations.Url] = options.Get("ProjectUrl"),
            [MlOpsAnnotations.Copyright] = options.Get("Copyright"),
        }, options.All("Sbom"));
        var summary = $"{artifact.Manifest.Layers.Count} layers ({string.Join(", ", artifact.Manifest.Layers.Select(l => l.Title))}), {Mb(artifact.TotalSize)}";

        string written;
        if (options.Get("Registry") is { } registry)
        {
            if (!OciReference.TryParse(registry, requireTarget: false, out var repository, out var problem) || repository!.Tag is not null || repository.Digest is not null)
                throw new MlOpsException(ErrorCodes.ModelArtifactInvalidReference,
                    $"MlOpsModelRegistry '{registry}' must be registry/repository (e.g. localhost:5000/models/churn), without a tag: {(problem.Length > 0 ? problem : "the tag is MlOpsModelTag, the model version by default")}.", project.Path, project.LineOf("MlOpsModelRegistry"));
            using var client = RegistryClient.Open(repository, push: true, [repository.Registry]);
            int uploaded;
            try { uploaded = await client.PushAsync(artifact, tag, cancellation); }
            catch (MlOpsException e) when (e.File is null)
            {
                throw new MlOpsException(e.Code, e.Message, project.Path, project.LineOf("MlOpsModelRegistry")); // point at the setting
            }
            written = $"{repository.WithTag(tag)}@{artifact.ManifestDigest}";
            log.WriteLine($"MlOps: model artifact pushed to {written}: {summary}; {uploaded} of {artifact.Blobs.Count} blobs uploaded, the rest were there already.");
        }
        else
        {
            var layout = options.Require("Layout");
            OciLayout.Write(artifact, layout, tag);
            written = $"{Path.GetFullPath(layout)}:{tag}@{artifact.ManifestDigest}";
            log.WriteLine($"MlOps: model artifact written as an OCI image layout {written}: {summary}. Set MlOpsModelRegistry to push it to a registry.");
        }
        if (options.Get("ReferenceFile") is { } file) File.WriteAllText(file, written + "\n");
        return 0;
    }

    /// <summary>The artifact's tag: MlOpsModelTag, else the Version with '+' as '_' (publish and promote agree on it here).</summary>
    public static string TagOf(string? modelTag, string version, ProjectLines project)
    {
        var tag = modelTag ?? OciReference.TagFromVersion(version);
        if (!OciReference.IsValidTag(tag))
            throw new MlOpsException(ErrorCodes.ModelArtifactInvalidReference,
                $"'{tag}' is not a valid OCI tag (MlOpsModelTag, default the Version with '+' as '_'): letters, digits, _ . -, at most 128, not starting with . or -.", project.Path, project.LineOf("MlOpsModelTag") ?? project.LineOf("Version"));
        return tag;
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " MB";
}
