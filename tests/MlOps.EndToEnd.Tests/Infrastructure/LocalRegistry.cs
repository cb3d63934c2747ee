using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>A loopback docker-registry (Debian, distribution 2.8) from eng/containers/registry.sh, optionally with htpasswd auth.</summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly string _state;
    private readonly string? _auth;

    private LocalRegistry(string state, string? auth, string address) => (_state, _auth, Address) = (state, auth, address);

    /// <summary>localhost:PORT, the form the SDKs talk plain HTTP to.</summary>
    public string Address { get; }
    /// <summary>The registry listens on IPv4 loopback only; test HTTP clients go there directly.</summary>
    public string ApiBase => $"http://127.0.0.1:{Address.Split(':')[1]}/v2/";

    /// <param name="auth">user:password for an htpasswd-protected instance (a separate one from the anonymous).</param>
    public static LocalRegistry Start(string state, string? auth = null)
    {
        var output = ContainerScripts.Checked(state, "registry.sh", auth is null ? ["start"] : ["start", "--auth", auth]);
        return new LocalRegistry(state, auth, ContainerScripts.Value(output, "REGISTRY"));
    }

    /// <summary>Pushes the offline ASP.NET Core base image (eng/containers/base-image.sh, logged in when the registry has auth); returns its reference.</summary>
    public string PushBaseImage() =>
        ContainerScripts.Checked(_state, _auth is null ? null : new Dictionary<string, string> { ["REGISTRY_AUTH"] = _auth }, "base-image.sh", Address)
            .Trim().Split('\n')[^1].Trim();

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>An image manifest (OCI or Docker v2) as the registry serves it, and its digest (the SHA-256 of those bytes).</summary>
    public (JsonElement Manifest, string Digest) Manifest(string repository, string reference) =>
        Fetch(repository, reference, "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json");

    /// <summary>A multi-platform index (OCI or Docker list) as the registry serves it, and its digest.</summary>
    public (JsonElement Index, string Digest) Index(string repository, string reference) =>
        Fetch(repository, reference, "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json");

    private (JsonElement Document, string Digest) Fetch(string repository, string reference, params string[] accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiBase}{repository}/manifests/{reference}");
        foreach (var type in accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        using var response = Http.Send(request);
        var bytes = response.Content.ReadAsByteArrayAsync().Result;
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, Encoding.UTF8.GetString(bytes));
        return (JsonDocument.Parse(bytes).RootElement.Clone(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public byte[] Blob(string repository, string digest) => Http.GetByteArrayAsync($"{ApiBase}{repository}/blobs/{digest}").Result;

    /// <summary>
    /// The base image of <see cref="PushBaseImage"/> under a two-platform index (tag :TAG-two-platforms): its own
    /// linux/amd64 manifest, and the same layers under a config that says linux/arm64. This machine has no arm64 runtime,
    /// libraries or emulator, so the arm64 entry is for building a multi-platform image only: it never runs (its config
    /// label says so).
    /// </summary>
    public string PushTwoPlatformBaseImage(string baseImage)
    {
        var at = baseImage.IndexOf('/');
        var (repository, tag) = (baseImage[(at + 1)..baseImage.LastIndexOf(':')], baseImage[(baseImage.LastIndexOf(':') + 1)..]);
        var (amd64, amd64Digest) = Manifest(repository, tag);
        var config = System.Text.Json.Nodes.JsonNode.Parse(Blob(repository, amd64.GetProperty("config").GetProperty("digest").GetString()!))!;
        config["architecture"] = "arm64";
        config["config"]!["Labels"]!["io.github.mlops-sdk.test"] = "linux/amd64 files under an arm64 config: for building multi-platform images in tests, never run";
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var configDigest = PushBlob(repository, configBytes);
        var arm64 = System.Text.Json.Nodes.JsonNode.Parse(amd64.GetRawText())!;
        arm64["config"]!["digest"] = configDigest;
        arm64["config"]!["size"] = configBytes.Length;
        var mediaType = amd64.GetProperty("mediaType").GetString()!;
        var arm64Bytes = Encoding.UTF8.GetBytes(arm64.ToJsonString());
        var arm64Digest = PushManifest(repository, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(arm64Bytes)), arm64Bytes, mediaType);
        var amd64Bytes = Encoding.UTF8.GetBytes(amd64.GetRawText());
        var index = new System.Text.Json.Nodes.JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["mediaType"] = mediaType, ["digest"] = amd64Digest, ["size"] = amd64Bytes.Length,
                    ["platform"] = new System.Text.Json.Nodes.JsonObject { ["architecture"] = "amd64", ["os"] = "linux" } },
                new System.Text.Json.Nodes.JsonObject { ["mediaType"] = mediaType, ["digest"] = arm64Digest, ["size"] = arm64Bytes.Length,
                    ["platform"] = new System.Text.Json.Nodes.JsonObject { ["architecture"] = "arm64", ["os"] = "linux" } }),
        };
        PushManifest(repository, tag + "-two-platforms", Encoding.UTF8.GetBytes(index.ToJsonString()), "application/vnd.oci.image.index.v1+json");
        return $"{baseImage[..at]}/{repository}:{tag}-two-platforms";
    }

    private string PushBlob(string repository, byte[] bytes)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var start = Http.PostAsync($"{ApiBase}{repository}/blobs/uploads/", null).Result;
        Assert.AreEqual(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.IsAbsoluteUri ? start.Headers.Location : new Uri(new Uri(ApiBase), start.Headers.Location);
        var put = new UriBuilder(location) { Query = (location.Query.Length > 1 ? location.Query[1..] + "&" : "") + "digest=" + digest };
        using var done = Http.PutAsync(put.Uri, new ByteArrayContent(bytes)).Result;
        Assert.AreEqual(HttpStatusCode.Created, done.StatusCode, done.Content.ReadAsStringAsync().Result);
        return digest;
    }

    private string PushManifest(string repository, string reference, byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = Http.PutAsync($"{ApiBase}{repository}/manifests/{reference}", content).Result;
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, response.Content.ReadAsStringAsync().Result);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public void Dispose() => ContainerScripts.Run(_state, "registry.sh", _auth is null ? ["stop"] : ["stop", "--auth"]);

}
