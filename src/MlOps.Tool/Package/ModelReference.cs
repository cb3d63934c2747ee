using System.Text.RegularExpressions;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Package;

public enum ModelReferenceKind { Path, NuGet, Oci }

/// <summary>
/// Where a published model comes from (MlOpsBaselineModel, MlOpsLineageOf): a local path (model.zip, model folder
/// or .nupkg), <c>nuget:&lt;id&gt;@&lt;version|latest&gt;</c> or <c>oci:&lt;ref&gt;</c>. One parser, so the baseline
/// check and the lineage command accept the same forms.
/// </summary>
public sealed partial record ModelReference(ModelReferenceKind Kind, string Value, string? Id = null, string? Version = null)
{
    public const string NuGetScheme = "nuget:";
    public const string OciScheme = "oci:";
    public const string Latest = "latest";

    /// <summary>For nuget: true when the newest version on the feed is wanted.</summary>
    public bool IsLatest => Kind == ModelReferenceKind.NuGet && Version is null;

    /// <summary>Parses <paramref name="text"/>; a relative path is resolved against <paramref name="baseDirectory"/>.</summary>
    public static ModelReference Parse(string text, string baseDirectory, string setting = "MlOpsBaselineModel")
    {
        var value = text.Trim();
        if (value.StartsWith(NuGetScheme, StringComparison.OrdinalIgnoreCase)) return ParseNuGet(value, setting);
        if (value.StartsWith(OciScheme, StringComparison.OrdinalIgnoreCase))
        {
            var reference = value[OciScheme.Length..].Trim();
            if (reference.Length == 0) throw Invalid(value, setting, "give an image reference after 'oci:', e.g. oci:localhost:5000/models/churn:1.4.0");
            return new ModelReference(ModelReferenceKind.Oci, reference);
        }
        // A scheme of two letters or more (a drive letter is one) that we do not know: say which ones we do.
        if (UnknownScheme().Match(value) is { Success: true } scheme)
            throw Invalid(value, setting, $"'{scheme.Groups[1].Value}:' is not a known source; use a path, nuget:<id>@<version|latest> or oci:<ref>");
        return new ModelReference(ModelReferenceKind.Path, Path.GetFullPath(Path.Combine(baseDirectory, value)));
    }

    /// <summary>True when the text names a feed or registry rather than a file (the targets ask the tool to resolve those).</summary>
    public static bool IsRemote(string text) => UnknownScheme().IsMatch(text.Trim());

    private static ModelReference ParseNuGet(string value, string setting)
    {
        var body = value[NuGetScheme.Length..].Trim();
        var at = body.LastIndexOf('@');
        var id = (at < 0 ? body : body[..at]).Trim();
        var version = at < 0 ? "" : body[(at + 1)..].Trim();
        if (!PackageId().IsMatch(id))
            throw Invalid(value, setting, "give a package id, e.g. nuget:Contoso.Churn.Model@1.4.0");
        if (version.Length == 0)
            throw Invalid(value, setting, $"give a version or 'latest' after '@', e.g. nuget:{id}@latest");
        if (string.Equals(version, Latest, StringComparison.OrdinalIgnoreCase))
            return new ModelReference(ModelReferenceKind.NuGet, value, id);
        if (!SemVer().IsMatch(version))
            throw Invalid(value, setting, $"'{version}' is not a package version (e.g. 1.4.0 or 1.4.0-rc.1) nor 'latest'");
        return new ModelReference(ModelReferenceKind.NuGet, value, id, version);
    }

    private static MlOpsException Invalid(string value, string setting, string why) =>
        new(ErrorCodes.ModelReferenceInvalid, $"{setting} '{value}' is not a model reference: {why}.");

    public override string ToString() => Kind switch
    {
        ModelReferenceKind.NuGet => $"{NuGetScheme}{Id}@{Version ?? Latest}",
        ModelReferenceKind.Oci => OciScheme + Value,
        _ => Value,
    };

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]+):")]
    private static partial Regex UnknownScheme();

    // NuGet package ids: letters, digits, '.', '-' and '_', at most 100 characters.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}$")]
    private static partial Regex PackageId();

    [GeneratedRegex(@"^\d+(\.\d+){1,3}(-[0-9A-Za-z.\-]+)?(\+[0-9A-Za-z.\-]+)?$")]
    private static partial Regex SemVer();
}
