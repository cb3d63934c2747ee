using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>The shape of a CycloneDX 1.6 JSON SBOM publish wrote, and its components by purl or name.</summary>
public static partial class CycloneDxAssert
{
    /// <summary>Checks the document and returns its root: format and spec version, a UUID serial, a subject, NuGet packages with purls and SHA-512s.</summary>
    public static JsonElement Valid(string path, string subjectType)
    {
        Assert.IsTrue(File.Exists(path), $"no SBOM at {path}");
        var root = JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;
        Assert.AreEqual("CycloneDX", root.GetProperty("bomFormat").GetString());
        Assert.AreEqual("1.6", root.GetProperty("specVersion").GetString());
        StringAssert.Matches(root.GetProperty("serialNumber").GetString(), Uuid());
        Assert.AreEqual(subjectType, root.GetProperty("metadata").GetProperty("component").GetProperty("type").GetString());

        var packages = Packages(root).ToList();
        Assert.IsTrue(packages.Count > 0, "no NuGet packages in " + path);
        foreach (var package in packages)
        {
            var purl = package.GetProperty("purl").GetString()!;
            StringAssert.Matches(purl, NuGetPurl());
            Assert.AreEqual(purl, $"pkg:nuget/{package.GetProperty("name").GetString()}@{package.GetProperty("version").GetString()}");
            var hash = package.GetProperty("hashes")[0];
            Assert.AreEqual("SHA-512", hash.GetProperty("alg").GetString(), purl);
            StringAssert.Matches(hash.GetProperty("content").GetString(), Sha512Hex(), purl);
        }
        // Every reference in the dependency graph names the subject or a component.
        var refs = root.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()).ToHashSet();
        var dependencies = root.GetProperty("dependencies")[0];
        Assert.AreEqual(root.GetProperty("metadata").GetProperty("component").GetProperty("bom-ref").GetString(), dependencies.GetProperty("ref").GetString());
        foreach (var on in dependencies.GetProperty("dependsOn").EnumerateArray()) Assert.IsTrue(refs.Contains(on.GetString()), $"{on} is not a component");
        return root;
    }

    public static IEnumerable<JsonElement> Packages(JsonElement root) =>
        root.GetProperty("components").EnumerateArray().Where(c => c.TryGetProperty("purl", out var p) && p.GetString()!.StartsWith("pkg:nuget/", StringComparison.Ordinal));

    public static JsonElement Package(JsonElement root, string id) =>
        Packages(root).SingleOrDefault(c => string.Equals(c.GetProperty("name").GetString(), id, StringComparison.OrdinalIgnoreCase)) is { ValueKind: JsonValueKind.Object } found
            ? found : throw new AssertFailedException($"no package {id} in the SBOM");

    public static JsonElement Named(JsonElement root, string name) =>
        root.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static string Sha256Of(JsonElement component) =>
        component.GetProperty("hashes").EnumerateArray().Single(h => h.GetProperty("alg").GetString() == "SHA-256").GetProperty("content").GetString()!;

    [GeneratedRegex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();
    [GeneratedRegex(@"^pkg:nuget/[A-Za-z0-9_.\-]+@[0-9A-Za-z.\-+]+$")]
    private static partial Regex NuGetPurl();
    [GeneratedRegex("^[0-9a-f]{128}$")]
    private static partial Regex Sha512Hex();
}
