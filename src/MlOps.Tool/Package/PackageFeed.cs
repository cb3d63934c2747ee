using MlOps.Core.Diagnostics;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace MlOps.Tool.Package;

/// <summary>
/// One NuGet feed as the NuGet CLI sees it: a source name from NuGet.config, an HTTP(S) v3 URL or a folder.
/// Credentials come from NuGet.config (packageSourceCredentials, or the NuGetPackageSourceCredentials_&lt;name&gt;
/// environment variable, both read by NuGet.Configuration) and are never printed.
/// </summary>
public sealed class PackageFeed
{
    /// <summary>The API key for pushes, when NuGet.config's apikeys has none for the feed (or to override it).</summary>
    public const string ApiKeyVariable = "MLOPS_NUGET_API_KEY";

    private readonly ISettings _settings;
    private readonly SourceRepository _repository;

    private PackageFeed(PackageSource source, ISettings settings)
    {
        Source = source;
        _settings = settings;
        _repository = Repository.Factory.GetCoreV3(source);
    }

    public PackageSource Source { get; }
    public bool IsFolder => Source.IsLocal;
    /// <summary>Where the feed is, for messages: a URL or folder, never credentials.</summary>
    public string Display => Source.Name == Source.Source ? Source.Source : $"{Source.Name} ({Source.Source})";

    /// <summary>NuGet.config as restore reads it: RestoreConfigFile when set, else the folder hierarchy and the user's file.</summary>
    public static ISettings LoadSettings(string projectDirectory, string? configFile) =>
        configFile is { Length: > 0 }
            ? Settings.LoadSpecificSettings(Path.GetDirectoryName(Path.GetFullPath(configFile))!, Path.GetFileName(configFile))
            : Settings.LoadDefaultSettings(projectDirectory);

    /// <summary>A source name from NuGet.config, an http(s) URL, or a folder (relative to the project).</summary>
    public static PackageFeed Open(string feed, string projectDirectory, ISettings settings)
    {
        var configured = new PackageSourceProvider(settings).LoadPackageSources().ToList();
        if (configured.FirstOrDefault(s => string.Equals(s.Name, feed, StringComparison.OrdinalIgnoreCase)) is { } named)
            return new PackageFeed(named, settings);
        if (Uri.TryCreate(feed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // A URL that NuGet.config also lists gets that source's credentials, as `dotnet nuget push` does.
            var same = configured.FirstOrDefault(s => string.Equals(s.Source.TrimEnd('/'), feed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
            return new PackageFeed(same ?? new PackageSource(feed), settings);
        }
        if (uri is { IsFile: false })
            throw new MlOpsException(ErrorCodes.PackageFeedUnusable, $"MlOpsModelFeed '{feed}' is neither a folder, an http(s) NuGet v3 source nor a source name from NuGet.config.");
        return new PackageFeed(new PackageSource(Path.GetFullPath(Path.Combine(projectDirectory, feed))), settings);
    }

    /// <summary>The enabled sources of NuGet.config, in order (where `nuget:` baselines are looked up).</summary>
    public static IReadOnlyList<PackageFeed> Configured(ISettings settings) =>
        new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).Select(s => new PackageFeed(s, settings)).ToList();

    /// <summary>Every version of the package on this feed; empty when there is none (or the feed cannot list them).</summary>
    public async Task<IReadOnlyList<NuGetVersion>> VersionsAsync(string id, CancellationToken cancellation)
    {
        if (IsFolder && !Directory.Exists(Source.Source)) return [];
        var find = await FindAsync(cancellation);
        if (find is null) return [];
        using var cache = FreshCache();
        return (await find.GetAllVersionsAsync(id, cache, NuGetLog.Quiet, cancellation)).ToList();
    }

    /// <summary>Null when the feed has no package-content resource (a push-only v3 index): then only the push's 409 tells.</summary>
    public async Task<bool?> ExistsAsync(string id, NuGetVersion version, CancellationToken cancellation)
    {
        if (IsFolder && !Directory.Exists(Source.Source)) return false;
        var find = await FindAsync(cancellation);
        if (find is null) return null;
        using var cache = FreshCache();
        return await find.DoesPackageExistAsync(id, version, cache, NuGetLog.Quiet, cancellation);
    }

    public async Task DownloadAsync(string id, NuGetVersion version, string destination, CancellationToken cancellation)
    {
        var find = await FindAsync(cancellation)
            ?? throw new MlOpsException(ErrorCodes.ModelPackageNotFound, $"The feed {Display} cannot serve packages (its service index has no PackageBaseAddress resource).");
        using var cache = FreshCache();
        await using var stream = File.Create(destination);
        if (!await find.CopyNupkgToStreamAsync(id, version, stream, cache, NuGetLog.Quiet, cancellation))
            throw new MlOpsException(ErrorCodes.ModelPackageNotFound, $"The feed {Display} did not serve {id} {version}.");
    }

    public async Task PushAsync(string package, TextWriter log, CancellationToken cancellation)
    {
        if (IsFolder) Directory.CreateDirectory(Source.Source);
        var update = await _repository.GetResourceAsync<PackageUpdateResource>(cancellation)
            ?? throw new MlOpsException(ErrorCodes.PackageFeedUnusable, $"The feed {Display} takes no pushes (its service index has no PackagePublish resource).");
        var apiKey = ApiKey();
        // Plain http only where NuGet.config allows it for this source, or on this machine (a local test feed).
        var insecure = Source.AllowInsecureConnections || (Uri.TryCreate(Source.Source, UriKind.Absolute, out var uri) && uri.IsLoopback);
        await update.Push([package], symbolSource: null, timeoutInSecond: 300, disableBuffering: false,
            getApiKey: _ => apiKey, getSymbolApiKey: _ => null, noServiceEndpoint: false, skipDuplicate: false,
            symbolPackageUpdateResource: null, allowInsecureConnections: insecure, log: new NuGetLog(log));
    }

    /// <summary>As the NuGet CLI: the environment first (MLOPS_NUGET_API_KEY), then NuGet.config's apikeys for this source.</summary>
    private string? ApiKey()
    {
        if (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key) return key;
        if (IsFolder) return null;
        try { return SettingsUtility.GetDecryptedValueForAddItem(_settings, ConfigurationConstants.ApiKeys, Source.Source, isPath: false); }
        catch (Exception e) when (e is NuGetConfigurationException or PlatformNotSupportedException or System.Security.Cryptography.CryptographicException)
        {
            return null; // an apikey encrypted on another machine (or OS) cannot be read here
        }
    }

    private async Task<FindPackageByIdResource?> FindAsync(CancellationToken cancellation)
    {
        try
        {
            // NuGet's fallback for a v3 index without package content throws (no registration resource): ask first.
            if (!IsFolder && await _repository.GetResourceAsync<ServiceIndexResourceV3>(cancellation) is { } index
                && index.GetServiceEntryUris(ServiceTypes.PackageBaseAddress).Count == 0)
                return null;
            return await _repository.GetResourceAsync<FindPackageByIdResource>(cancellation);
        }
        catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException)
        {
            throw new MlOpsException(ErrorCodes.PackageFeedUnusable, $"The feed {Display} cannot be read: {NuGetLog.Reason(e)}");
        }
    }

    // Always ask the feed: a version published a minute ago (or just now by this build) must be seen.
    private static SourceCacheContext FreshCache() => new() { NoCache = true, DirectDownload = true };
}
