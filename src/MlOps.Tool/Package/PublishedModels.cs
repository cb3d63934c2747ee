using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Package;
using NuGet.Versioning;

namespace MlOps.Tool.Package;

/// <summary>A published model on this machine: its folder (model.zip, manifest.json, …) and, when it came as a package, the package.</summary>
public sealed record FetchedModel(string Folder, ModelPackageInfo? Package, string Origin);

/// <summary>
/// Fetches the model a <see cref="ModelReference"/> names into a local cache and verifies it: the seam the baseline check
/// and the lineage command share. One case per kind.
/// </summary>
/// <param name="publishRegistries">Registry hosts we publish to (ContainerRegistry, MlOpsModelRegistry): the only ones given the SDK's registry login.</param>
public sealed class PublishedModels(string projectDirectory, string? feed, string? configFile, string cacheDirectory, TextWriter log, IReadOnlyCollection<string>? publishRegistries = null)
{
    public async Task<FetchedModel> FetchAsync(ModelReference reference, CancellationToken cancellation) => reference.Kind switch
    {
        ModelReferenceKind.NuGet => await FromNuGetAsync(reference.Id!, reference.Version, cancellation),
        ModelReferenceKind.Oci => await OciModels.FetchAsync(reference.Value, cacheDirectory, publishRegistries ?? [], cancellation),
        _ => FromPath(reference.Value),
    };

    /// <summary>A .nupkg, a model folder (or an extracted package's folder holding mlops/), or a model.zip beside its manifest.</summary>
    private FetchedModel FromPath(string path)
    {
        if (File.Exists(path) && path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.Combine(cacheDirectory, Path.GetFileNameWithoutExtension(path));
            return new FetchedModel(folder, ModelPackage.Extract(path, folder, path), path);
        }
        var candidates = File.Exists(path) ? [Path.GetDirectoryName(path)!] : new[] { path, Path.Combine(path, "mlops") };
        var found = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, ArtifactFiles.Manifest)) && File.Exists(Path.Combine(c, ArtifactFiles.Model)))
            ?? throw new MlOpsException(ErrorCodes.ModelPackageNotFound, $"There is no model at '{path}': give a .nupkg, or a folder (or model.zip) with model.zip and manifest.json.");
        return new FetchedModel(found, ModelPackage.ReadInfo(found), path);
    }

    private async Task<FetchedModel> FromNuGetAsync(string id, string? version, CancellationToken cancellation)
    {
        var wanted = version is null ? null : NuGetVersion.Parse(version);
        var reference = $"nuget:{id}@{version ?? ModelReference.Latest}";
        // A fixed version already fetched and still intact needs no feed (so builds work offline).
        if (wanted is not null && Cached(id, wanted) is { } cached) return cached;

        var settings = PackageFeed.LoadSettings(projectDirectory, configFile);
        var feeds = new List<PackageFeed>();
        if (feed is { Length: > 0 }) feeds.Add(PackageFeed.Open(feed, projectDirectory, settings));
        feeds.AddRange(PackageFeed.Configured(settings).Where(f => !feeds.Any(g => g.Source.Source == f.Source.Source)));

        var failures = new List<string>();
        (PackageFeed Feed, NuGetVersion Version)? best = null;
        foreach (var candidate in feeds)
        {
            try
            {
                var versions = await candidate.VersionsAsync(id, cancellation);
                var match = wanted is null ? versions.Max() : versions.FirstOrDefault(v => v == wanted);
                if (match is not null && (best is null || match > best.Value.Version)) best = (candidate, match);
                if (wanted is not null && match is not null) break;
            }
            catch (Exception e) when (e is MlOpsException or NuGet.Protocol.Core.Types.FatalProtocolException or HttpRequestException or IOException)
            {
                failures.Add($"{candidate.Display}: {NuGetLog.Reason(e)}");
            }
        }
        if (best is not { } found)
        {
            var searched = string.Join(", ", feeds.Select(f => f.Display));
            var why = failures.Count > 0 ? $" Unreadable feeds: {string.Join("; ", failures)}" : "";
            throw new MlOpsException(ErrorCodes.ModelPackageNotFound, wanted is null
                ? $"{reference}: no version of {id} is on the feeds searched ({searched}).{why}"
                : $"{reference}: {id} {wanted} is on none of the feeds searched ({searched}).{why}");
        }

        if (Cached(id, found.Version) is { } fresh) return fresh with { Origin = $"{reference} = {id} {found.Version.ToNormalizedString()} from {found.Feed.Display}" };
        Directory.CreateDirectory(cacheDirectory);
        var download = Path.Combine(cacheDirectory, $"{id}.{found.Version.ToNormalizedString()}.nupkg.download");
        try
        {
            await found.Feed.DownloadAsync(id, found.Version, download, cancellation);
            var origin = $"{reference} = {id} {found.Version.ToNormalizedString()} from {found.Feed.Display}";
            var info = ModelPackage.Extract(download, FolderOf(id, found.Version), origin);
            log.WriteLine($"MlOps: fetched {origin}; model.zip verified against its manifest (SHA-256).");
            return new FetchedModel(FolderOf(id, found.Version), info, origin);
        }
        finally { File.Delete(download); }
    }

    private string FolderOf(string id, NuGetVersion version) => Path.Combine(cacheDirectory, $"{id}.{version.ToNormalizedString()}".ToLowerInvariant());

    private FetchedModel? Cached(string id, NuGetVersion version)
    {
        var folder = FolderOf(id, version);
        if (ModelPackage.ReadInfo(folder) is not { } info) return null;
        try { ModelPackage.Verify(folder, folder, ErrorCodes.ModelPackageCorrupt); }
        catch (Exception e) when (e is MlOpsException or IOException or System.Text.Json.JsonException) { return null; } // fetch it again
        return new FetchedModel(folder, info, $"nuget:{id}@{version.ToNormalizedString()} (cached in {folder})");
    }
}
