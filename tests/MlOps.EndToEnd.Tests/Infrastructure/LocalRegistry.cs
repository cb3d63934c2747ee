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
    public (JsonElement Manifest, string Digest) Manifest(string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiBase}{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using var response = Http.Send(request);
        var bytes = response.Content.ReadAsByteArrayAsync().Result;
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, Encoding.UTF8.GetString(bytes));
        return (JsonDocument.Parse(bytes).RootElement.Clone(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public byte[] Blob(string repository, string digest) => Http.GetByteArrayAsync($"{ApiBase}{repository}/blobs/{digest}").Result;

    public void Dispose() => ContainerScripts.Run(_state, "registry.sh", _auth is null ? ["stop"] : ["stop", "--auth"]);

}
