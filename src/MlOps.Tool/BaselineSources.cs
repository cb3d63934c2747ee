using System.Text.RegularExpressions;
using MlOps.Core.Diagnostics;
using MlOps.Core.Oci;

namespace MlOps.Tool;

/// <summary>
/// MlOpsBaselineModel as a published version (<c>scheme:reference</c>) instead of a model.zip path: each scheme's
/// fetcher downloads it with its digests checked into a folder and returns the path of its model.zip.
/// </summary>
public static partial class BaselineSources
{
    private delegate string Fetcher(string reference, string folder, TextWriter log, CancellationToken cancellation);

    private static readonly Dictionary<string, Fetcher> Fetchers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["oci"] = FetchOci,
    };

    /// <summary>A scheme of two or more letters, so a Windows drive (C:\…) stays a path.</summary>
    public static bool IsSource(string value) => SchemePattern().IsMatch(value);

    public static string Fetch(string source, string folder, TextWriter log, CancellationToken cancellation)
    {
        var scheme = source[..source.IndexOf(':')];
        if (!Fetchers.TryGetValue(scheme, out var fetch))
            throw new MlOpsException(ErrorCodes.BaselineSourceUnknown,
                $"MlOpsBaselineModel '{source}': '{scheme}:' is not a known source; use a model.zip path or one of {string.Join(", ", Fetchers.Keys.Order().Select(k => k + ":"))}.");
        return fetch(source[(scheme.Length + 1)..], folder, log, cancellation);
    }

    /// <summary>oci:registry/repository:tag or @sha256:…. A digest already pulled into the folder is not asked for again.</summary>
    private static string FetchOci(string reference, string folder, TextWriter log, CancellationToken cancellation)
    {
        if (!OciReference.TryParse(reference, requireTarget: true, out var parsed, out var problem))
            throw new MlOpsException(ErrorCodes.ModelArtifactInvalidReference, $"MlOpsBaselineModel 'oci:{reference}' is not an OCI reference: {problem}.");
        var model = Path.Combine(folder, Core.Artifacts.ArtifactFiles.Model);
        if (parsed!.Digest is { } digest && ArtifactPull.IsCached(folder, digest))
        {
            log.WriteLine($"MlOps: baseline {parsed} already pulled and verified in {folder}.");
            return model;
        }
        using var client = new RegistryClient(parsed, push: false, RegistryCredentials.Find(parsed.Registry));
        var pulled = ArtifactPull.PullAsync(client, parsed.Target, folder, cancellation).GetAwaiter().GetResult();
        log.WriteLine($"MlOps: baseline {parsed} = {pulled.ManifestDigest} (version {pulled.Manifest.Annotations.GetValueOrDefault(OciAnnotations.Version, "?")}), "
            + $"{(pulled.Reused ? "unchanged since the last pull" : "pulled")}, every digest verified, in {folder}.");
        return model;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]+:")]
    private static partial Regex SchemePattern();
}
