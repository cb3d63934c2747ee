using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Tool.Sbom;

/// <summary>
/// A CycloneDX 1.6 JSON document (https://cyclonedx.org/docs/1.6/json/): the subject in metadata.component, what it
/// contains in components, and the subject's direct dependencies. No CycloneDX library is served to this build, so the
/// few fields we fill are written here; no timestamp, and a serial number derived from the content, so the same inputs
/// give the same bytes (a rebuilt SBOM that did not change does not look changed).
/// </summary>
public sealed class CycloneDxBom(JsonObject subject)
{
    public const string SpecVersion = "1.6";
    /// <summary>The media type CycloneDX registered for its JSON format, used for the OCI layer too.</summary>
    public const string MediaType = "application/vnd.cyclonedx+json";

    private readonly List<JsonObject> _components = [];
    private readonly List<string> _dependsOn = [];

    public string SubjectRef => (string)subject["bom-ref"]!;

    /// <param name="direct">The subject depends on it directly (listed in the dependency graph).</param>
    public void Add(JsonObject component, bool direct)
    {
        _components.Add(component);
        if (direct) _dependsOn.Add((string)component["bom-ref"]!);
    }

    public void AddPackages(IEnumerable<NuGetPackage> packages)
    {
        foreach (var package in packages)
            Add(Component("library", package.Id, package.Version, package.Purl, package.Purl, package.Sha512 is { } sha512 ? [("SHA-512", sha512)] : []), package.Direct);
    }

    public static JsonObject Component(string type, string name, string? version, string bomRef, string? purl, IEnumerable<(string Algorithm, string Hex)> hashes)
    {
        var component = new JsonObject { ["type"] = type, ["bom-ref"] = bomRef, ["name"] = name };
        if (version is not null) component["version"] = version;
        if (purl is not null) component["purl"] = purl;
        var list = new JsonArray(hashes.Select(h => (JsonNode)new JsonObject { ["alg"] = h.Algorithm, ["content"] = h.Hex }).ToArray());
        if (list.Count > 0) component["hashes"] = list;
        return component;
    }

    public byte[] ToJson()
    {
        var body = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["tools"] = new JsonObject { ["components"] = new JsonArray(Component("application", "MlOps.Tool", Versions.Sdk, "mlops-tool", null, [])) },
                ["component"] = subject.DeepClone(),
            },
            ["components"] = new JsonArray(_components.Select(c => (JsonNode)c.DeepClone()).ToArray()),
            ["dependencies"] = new JsonArray(new JsonObject { ["ref"] = SubjectRef, ["dependsOn"] = new JsonArray(_dependsOn.Select(d => (JsonNode)d).ToArray()) }),
        };
        var serial = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body))[..16];
        serial[6] = (byte)(serial[6] & 0x0F | 0x50); // an RFC 4122 name-based UUID's version and variant bits
        serial[8] = (byte)(serial[8] & 0x3F | 0x80);
        var document = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = SpecVersion,
            ["serialNumber"] = $"urn:uuid:{new Guid(serial, bigEndian: true)}",
            ["version"] = 1,
        };
        foreach (var (key, value) in body.ToList()) { body.Remove(key); document[key] = value; }
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
