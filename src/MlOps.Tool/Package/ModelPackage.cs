using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using PackageArchiveReader = NuGet.Packaging.PackageArchiveReader;

namespace MlOps.Tool.Package;

/// <summary>Identity and lineage metadata of a model package, kept beside its extracted files (package.json).</summary>
public sealed record ModelPackageInfo(string Id, string Version, string? Description, string? Commit, string? Tags)
{
    public const string FileName = "package.json";
}

/// <summary>A model package (.nupkg): the model files sit under mlops/, next to the assembly in lib/.</summary>
public static class ModelPackage
{
    public const string ModelFolder = "mlops/";

    /// <summary>Extracts mlops/* into <paramref name="destination"/> (all at once) after checking model.zip against the manifest.</summary>
    public static ModelPackageInfo Extract(string nupkg, string destination, string origin)
    {
        using var reader = new PackageArchiveReader(nupkg);
        var nuspec = reader.NuspecReader;
        var info = new ModelPackageInfo(nuspec.GetId(), nuspec.GetVersion().ToNormalizedString(), nuspec.GetDescription(),
            NullIfEmpty(nuspec.GetRepositoryMetadata()?.Commit), NullIfEmpty(nuspec.GetTags()));
        var files = reader.GetFiles()
            .Where(f => f.StartsWith(ModelFolder, StringComparison.OrdinalIgnoreCase) && f.IndexOf('/', ModelFolder.Length) < 0 && f.Length > ModelFolder.Length)
            .ToList();
        if (!files.Any(f => f.EndsWith("/" + ArtifactFiles.Model)) || !files.Any(f => f.EndsWith("/" + ArtifactFiles.Manifest)))
            throw new MlOpsException(ErrorCodes.ModelPackageCorrupt, $"{origin} ({info.Id} {info.Version}) is not an MlOps model package: it has no {ModelFolder}{ArtifactFiles.Model} and {ModelFolder}{ArtifactFiles.Manifest}.");

        using var stage = new StagedDirectory(destination);
        foreach (var file in files)
        {
            using var source = reader.GetStream(file);
            using var target = File.Create(stage.PathOf(Path.GetFileName(file)));
            source.CopyTo(target);
        }
        File.WriteAllText(stage.PathOf(ModelPackageInfo.FileName), MlOpsJson.Serialize(info));
        Verify(stage.Staging, $"{origin} ({info.Id} {info.Version})", ErrorCodes.ModelPackageCorrupt);
        stage.Commit();
        return info;
    }

    /// <summary>model.zip must be the one its manifest.json describes (ModelSha256), or the lineage would lie.</summary>
    public static Manifest Verify(string folder, string origin, string code)
    {
        var manifest = MlOpsJson.Read<Manifest>(Path.Combine(folder, ArtifactFiles.Manifest));
        var actual = FileHash.Sha256(Path.Combine(folder, ArtifactFiles.Model));
        if (!string.Equals(actual, manifest.ModelSha256, StringComparison.OrdinalIgnoreCase))
            throw new MlOpsException(code, $"The model.zip of {origin} has SHA-256 {actual}, but its manifest.json records {manifest.ModelSha256}: the model was altered or damaged after training.");
        return manifest;
    }

    /// <summary>The package info kept beside an extracted package, or null for a plain model folder.</summary>
    public static ModelPackageInfo? ReadInfo(string folder) =>
        File.Exists(Path.Combine(folder, ModelPackageInfo.FileName)) ? MlOpsJson.Read<ModelPackageInfo>(Path.Combine(folder, ModelPackageInfo.FileName)) : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
