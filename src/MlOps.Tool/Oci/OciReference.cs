using System.Net;
using System.Text.RegularExpressions;

namespace MlOps.Tool.Oci;

/// <summary>
/// <c>registry[:port]/repository[:tag][@sha256:…]</c>, as Docker and ORAS write it (an optional <c>oci:</c> prefix is
/// dropped). The registry must be explicit: a first component with a dot, a port or <c>localhost</c>.
/// </summary>
public sealed partial record OciReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string Scheme = "oci:";

    /// <summary>What to ask the registry for: the digest when there is one (it pins the content), else the tag.</summary>
    public string Target => Digest ?? Tag ?? throw new InvalidOperationException($"{this} names no tag or digest.");

    /// <summary>localhost and loopback addresses talk plain HTTP, as the .NET SDK and Docker do; everything else HTTPS.</summary>
    public bool IsPlainHttp
    {
        get
        {
            var host = Registry.StartsWith('[') ? Registry[1..Registry.IndexOf(']')] : Registry.Split(':')[0];
            return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        }
    }

    /// <summary>Docker Hub is named docker.io in references but served from registry-1.docker.io, as Docker does.</summary>
    public Uri ApiBase => new($"{(IsPlainHttp ? "http" : "https")}://{(Registry == "docker.io" ? "registry-1.docker.io" : Registry)}/v2/");

    public OciReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    public override string ToString() => $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    /// <summary>Parses a reference; <paramref name="requireTarget"/> false also accepts a bare registry/repository.</summary>
    public static bool TryParse(string? text, bool requireTarget, out OciReference? reference, out string problem)
    {
        reference = null;
        text = text?.Trim() ?? "";
        if (text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) text = text[Scheme.Length..];
        string? digest = null;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            text = text[..at];
            if (!OciDigest.IsValid(digest)) { problem = $"'{digest}' is not a sha256 digest (sha256: and 64 lower-case hex digits)"; return false; }
        }
        var slash = text.IndexOf('/');
        if (slash <= 0) { problem = "it names no registry: write registry/repository, e.g. localhost:5000/models/churn"; return false; }
        var registry = text[..slash];
        if (!registry.Contains('.') && !registry.Contains(':') && !registry.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"'{registry}' is not a registry host (it needs a dot, a port or to be localhost), e.g. localhost:5000/models/churn or ghcr.io/acme/churn";
            return false;
        }
        var path = text[(slash + 1)..];
        string? tag = null;
        var colon = path.LastIndexOf(':');
        if (colon >= 0) { tag = path[(colon + 1)..]; path = path[..colon]; }
        if (!RepositoryPattern().IsMatch(path)) { problem = $"'{path}' is not a valid repository name (lower-case letters, digits, and . _ - / between them)"; return false; }
        if (tag is not null && !IsValidTag(tag)) { problem = $"'{tag}' is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)"; return false; }
        if (requireTarget && tag is null && digest is null) { problem = "it names no tag or digest: add :<version> or @sha256:<digest>"; return false; }
        reference = new OciReference(registry, path, tag, digest);
        problem = "";
        return true;
    }

    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);

    /// <summary>A SemVer version as a tag: build metadata's '+' is not allowed in tags, so it becomes '_' (as Helm does).</summary>
    public static string TagFromVersion(string version) => version.Replace('+', '_');

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();
}
