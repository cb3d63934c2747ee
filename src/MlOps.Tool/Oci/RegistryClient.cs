using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Oci;

/// <summary>
/// The slice of the OCI distribution API the model artifact needs, over plain HttpClient: blob HEAD (skip what the
/// registry has), monolithic upload (POST, then PUT ?digest=), manifest PUT/GET, blob GET. Auth: anonymous, Basic,
/// or the Bearer token flow (WWW-Authenticate challenge, then the token endpoint). No referrers API (registry 2.8 has none).
/// </summary>
public sealed partial class RegistryClient : IOciSource, IDisposable
{
    private readonly HttpClient _http;
    private readonly OciReference _repository;
    private readonly RegistryCredentials? _credentials;
    private readonly bool _push;
    private AuthenticationHeaderValue? _authorization;
    private bool _authenticated;
    private readonly string? _credentialSources;

    /// <param name="push">Ask a token endpoint for push rights too, not only pull.</param>
    /// <param name="handler">For tests; the default follows redirects (blob GETs may redirect to storage), which drops the Authorization header.</param>
    public RegistryClient(OciReference repository, bool push, RegistryCredentials? credentials, HttpMessageHandler? handler = null)
    {
        _repository = repository;
        _push = push;
        _credentials = credentials;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = true }) { Timeout = TimeSpan.FromMinutes(10) };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("MlOps.Sdk", "1"));
    }

    public string Describe => $"the registry {_repository.Registry}, repository {_repository.Repository}";

    /// <summary>How long one request may take before the registry counts as unreachable (default 10 minutes: blobs are large).</summary>
    public TimeSpan Timeout { get => _http.Timeout; init => _http.Timeout = value; }

    /// <summary>Where the credentials were looked for, for the message when the registry refuses us.</summary>
    public string CredentialSources
    {
        get => _credentialSources ?? RegistryCredentials.Sources(_repository.Registry);
        init => _credentialSources = value;
    }

    /// <summary>Describe at the start of a sentence.</summary>
    private string Who => "T" + Describe[1..];

    public void Dispose() => _http.Dispose();

    /// <summary>Pushes the blobs the registry lacks, then the manifest under the tag; returns how many blobs were uploaded.</summary>
    public async Task<int> PushAsync(ModelArtifact artifact, string tag, CancellationToken cancellation = default)
    {
        var uploaded = 0;
        foreach (var blob in artifact.Blobs)
        {
            if (await BlobExistsAsync(blob.Descriptor.Digest, cancellation)) continue;
            await UploadAsync(blob, cancellation);
            uploaded++;
        }
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url($"manifests/{tag}")) { Content = new ByteArrayContent(artifact.ManifestBytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(OciMediaTypes.ImageManifest);
            return request;
        }, cancellation);
        await EnsureSuccess(response, $"PUT manifest {tag}");
        if (Header(response, "Docker-Content-Digest") is { } stored && stored != artifact.ManifestDigest)
            throw new MlOpsException(ErrorCodes.ModelArtifactDigestMismatch, $"{Who} stored the manifest as {stored}, but its bytes hash to {artifact.ManifestDigest}.");
        return uploaded;
    }

    public async Task<bool> BlobExistsAsync(string digest, CancellationToken cancellation)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, Url($"blobs/{digest}")), cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccess(response, $"HEAD blob {digest}");
        return true;
    }

    private async Task UploadAsync(ArtifactBlob blob, CancellationToken cancellation)
    {
        using var started = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Url("blobs/uploads/")), cancellation);
        await EnsureSuccess(started, "POST blob upload");
        var location = started.Headers.Location ?? throw Error($"POST blob upload answered {(int)started.StatusCode} without a Location header");
        var upload = new Uri(_repository.ApiBase, location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        var put = new Uri(upload + separator + "digest=" + Uri.EscapeDataString(blob.Descriptor.Digest));
        using var response = await SendAsync(() =>
        {
            var content = new StreamContent(blob.Open());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = blob.Descriptor.Size;
            return new HttpRequestMessage(HttpMethod.Put, put) { Content = content };
        }, cancellation);
        await EnsureSuccess(response, $"PUT blob {blob.Descriptor.Title ?? blob.Descriptor.Digest}");
    }

    /// <summary>HEAD of a manifest in any image media type (OCI or Docker, single or multi-platform): false on 404.</summary>
    public async Task<bool> ManifestExistsAsync(string target, CancellationToken cancellation)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Head, Url($"manifests/{target}"));
            foreach (var type in new[] { OciMediaTypes.ImageManifest, OciMediaTypes.ImageIndex, OciMediaTypes.DockerManifest, OciMediaTypes.DockerManifestList })
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccess(response, $"HEAD manifest {target}");
        return true;
    }

    public async Task<FetchedManifest> GetManifestAsync(string target, CancellationToken cancellation)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"manifests/{target}"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageManifest));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciMediaTypes.ImageIndex));
            return request;
        }, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{Who} has no manifest '{target}' (HTTP 404): check the tag or digest.");
        await EnsureSuccess(response, $"GET manifest {target}");
        return new FetchedManifest(await response.Content.ReadAsByteArrayAsync(cancellation), response.Content.Headers.ContentType?.MediaType, Header(response, "Docker-Content-Digest"));
    }

    public async Task<Stream> OpenBlobAsync(OciDescriptor blob, CancellationToken cancellation)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"blobs/{blob.Digest}")), cancellation, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{Who} lacks the blob {blob.Digest} ({blob.Title ?? blob.MediaType}).");
        }
        await EnsureSuccess(response, $"GET blob {blob.Digest}");
        return await response.Content.ReadAsStreamAsync(cancellation);
    }

    /// <summary>
    /// Finds out once how the registry wants to be talked to: GET /v2/ anonymously; a Basic challenge takes the
    /// login (checked right away, so wrong credentials fail before any upload); a Bearer challenge fetches a token
    /// scoped to this repository.
    /// </summary>
    private async Task AuthenticateAsync(CancellationToken cancellation)
    {
        if (_authenticated) return;
        using var probe = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, _repository.ApiBase), cancellation);
        if (probe.StatusCode == HttpStatusCode.Unauthorized)
        {
            var challenge = probe.Headers.WwwAuthenticate.FirstOrDefault() ?? throw Error("GET /v2/ answered 401 without a WWW-Authenticate challenge");
            if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                _authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(Parameters(challenge.Parameter), cancellation));
            else if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                _authorization = new AuthenticationHeaderValue("Basic", (_credentials ?? throw Unauthorized(null)).BasicValue());
                using var check = await SendRawAsync(Authorized(new HttpRequestMessage(HttpMethod.Get, _repository.ApiBase)), cancellation);
                if (check.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) throw Unauthorized((int)check.StatusCode);
            }
            else throw Error($"GET /v2/ asks for '{challenge.Scheme}' authentication, which is not supported (Basic and Bearer are)");
        }
        else if (!probe.IsSuccessStatusCode) await EnsureSuccess(probe, "GET /v2/");
        _authenticated = true;
    }

    private async Task<string> TokenAsync(IReadOnlyDictionary<string, string> challenge, CancellationToken cancellation)
    {
        if (!challenge.TryGetValue("realm", out var realm)) throw Error("the Bearer challenge names no realm");
        var scope = $"repository:{_repository.Repository}:{(_push ? "pull,push" : "pull")}";
        var query = (challenge.TryGetValue("service", out var service) ? $"service={Uri.EscapeDataString(service)}&" : "") + $"scope={Uri.EscapeDataString(scope)}";
        var request = new HttpRequestMessage(HttpMethod.Get, realm + (realm.Contains('?') ? "&" : "?") + query);
        if (_credentials is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicValue());
        using var response = await SendRawAsync(request, cancellation);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) throw Unauthorized((int)response.StatusCode);
        await EnsureSuccess(response, "GET token");
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
            var root = doc.RootElement;
            var token = root.TryGetProperty("token", out var t) ? t.GetString() : root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
            return token is { Length: > 0 } ? token : throw Error("the token endpoint answered without a token");
        }
        catch (JsonException) { throw Error("the token endpoint answered with something that is not JSON"); }
    }

    /// <summary>One request with the negotiated authorization; 401/403 here means the login lacks the rights.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellation, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        await AuthenticateAsync(cancellation);
        var response = await SendRawAsync(Authorized(request()), cancellation, completion);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw Unauthorized(status);
        }
        return response;
    }

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Authorization = _authorization;
        return request;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellation, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using (request)
        {
            try { return await _http.SendAsync(request, completion, cancellation); }
            catch (HttpRequestException e) { throw Unreachable(e.Message); }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested) { throw Unreachable($"no answer within {(_http.Timeout.TotalMinutes >= 1 ? $"{_http.Timeout.TotalMinutes:0} minutes" : $"{_http.Timeout.TotalSeconds:0} seconds")}"); }
        }
    }

    private async Task EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync();
        throw Error($"{what} answered HTTP {(int)response.StatusCode}{RegistryErrors(body)}");
    }

    /// <summary>The OCI error body's codes and messages ({"errors":[{"code","message"}]}), when there is one.</summary>
    private static string RegistryErrors(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var errors = doc.RootElement.GetProperty("errors").EnumerateArray()
                .Select(e => $"{e.GetProperty("code").GetString()}: {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}");
            return " (" + string.Join("; ", errors) + ")";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return ""; }
    }

    private Uri Url(string path) => new(_repository.ApiBase, $"{_repository.Repository}/{path}");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static Dictionary<string, string> Parameters(string? parameter) =>
        ChallengeParameter().Matches(parameter ?? "").ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => m.Groups[2].Value);

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();

    private MlOpsException Unauthorized(int? status) => new(ErrorCodes.ModelArtifactUnauthorized, status is int s
        ? $"{Who} refused the {_credentials?.ToString() ?? "anonymous access"} (HTTP {s}). Credentials are read from {CredentialSources}; check them and their rights to {(_push ? "push to" : "pull from")} {_repository.Repository}."
        : $"{Who} needs a login and none was found. Credentials are read from {CredentialSources}.");

    private MlOpsException Unreachable(string why) =>
        new(ErrorCodes.ModelArtifactRegistryUnreachable, $"Cannot reach {Describe} at {_repository.ApiBase}: {why}.");

    private MlOpsException Error(string what) => new(ErrorCodes.ModelArtifactRegistryError, $"{Who}: {what}.");
}
