using System.Net;
using System.Net.Http.Headers;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Oci;

/// <summary>
/// The slice of the OCI distribution API the model artifact and the tag moves need, over plain HttpClient: blob HEAD
/// (skip what the registry has), monolithic upload (POST, then PUT ?digest=), manifest PUT/GET/HEAD, blob GET.
/// Auth (RegistryClient.Auth.cs): anonymous, Basic, or the Bearer token flow. Transport (RegistryClient.Transport.cs):
/// retries of transient failures. No referrers API (registry 2.8 has none).
/// </summary>
public sealed partial class RegistryClient : IOciSource, IDisposable
{
    private readonly HttpClient _http;
    private readonly OciReference _repository;
    private readonly RegistryCredentials? _credentials;
    private readonly bool _push;
    private AuthenticationHeaderValue? _authorization;
    private bool _authenticated;
    private bool _bearer;
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

    /// <summary>A client with the login for its registry: the SDK pair only when it is one of <paramref name="publishRegistries"/>.</summary>
    public static RegistryClient Open(OciReference repository, bool push, IReadOnlyCollection<string> publishRegistries) =>
        new(repository, push, RegistryCredentials.For(repository.Registry, publishRegistries))
        {
            CredentialSources = RegistryCredentials.SourcesFor(repository.Registry, publishRegistries),
        };

    public string Describe => $"the registry {_repository.Registry}, repository {_repository.Repository}";

    /// <summary>How long one request may take before the registry counts as unreachable (default 10 minutes: blobs are large).</summary>
    public TimeSpan Timeout { get => _http.Timeout; init => _http.Timeout = value; }

    /// <summary>Where the credentials were looked for, for the message when the registry refuses us.</summary>
    public string CredentialSources
    {
        get => _credentialSources ?? RegistryCredentials.Sources(_repository.Registry, []);
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
        var stored = await PutManifestAsync(artifact.ManifestBytes, OciMediaTypes.ImageManifest, tag, cancellation);
        if (stored is not null && stored != artifact.ManifestDigest)
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

    /// <summary>Monolithic upload of one blob (POST, then PUT ?digest=); the content is reopened for each try.</summary>
    public async Task UploadAsync(ArtifactBlob blob, CancellationToken cancellation)
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
    public async Task<bool> ManifestExistsAsync(string target, CancellationToken cancellation) =>
        await ManifestDigestAsync(target, cancellation) is not null;

    /// <summary>The digest the registry serves <paramref name="target"/> under ("" when it does not say), or null when it has none.</summary>
    public async Task<string?> ManifestDigestAsync(string target, CancellationToken cancellation)
    {
        using var response = await SendAsync(() => AcceptingManifests(HttpMethod.Head, target), cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccess(response, $"HEAD manifest {target}");
        return Header(response, "Docker-Content-Digest") ?? "";
    }

    public async Task<FetchedManifest> GetManifestAsync(string target, CancellationToken cancellation) =>
        await TryGetManifestAsync(target, cancellation)
        ?? throw new MlOpsException(ErrorCodes.ModelArtifactNotFound, $"{Who} has no manifest '{target}' (HTTP 404): check the tag or digest.");

    /// <summary>A manifest in any image media type, or null when the registry has none under <paramref name="target"/>.</summary>
    public async Task<FetchedManifest?> TryGetManifestAsync(string target, CancellationToken cancellation)
    {
        using var response = await SendAsync(() => AcceptingManifests(HttpMethod.Get, target), cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccess(response, $"GET manifest {target}");
        return new FetchedManifest(await response.Content.ReadAsByteArrayAsync(cancellation), response.Content.Headers.ContentType?.MediaType, Header(response, "Docker-Content-Digest"));
    }

    /// <summary>PUT a manifest under a tag (or its digest); returns the digest the registry says it stored.</summary>
    public async Task<string?> PutManifestAsync(byte[] bytes, string mediaType, string reference, CancellationToken cancellation)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url($"manifests/{reference}")) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        }, cancellation);
        await EnsureSuccess(response, $"PUT manifest {reference}");
        return Header(response, "Docker-Content-Digest");
    }

    /// <summary>Every manifest type an image or artifact is stored as, so the registry never has to convert (which changes the digest).</summary>
    private HttpRequestMessage AcceptingManifests(HttpMethod method, string target)
    {
        var request = new HttpRequestMessage(method, Url($"manifests/{target}"));
        foreach (var type in new[] { OciMediaTypes.ImageManifest, OciMediaTypes.ImageIndex, OciMediaTypes.DockerManifest, OciMediaTypes.DockerManifestList })
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
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

    private Uri Url(string path) => new(_repository.ApiBase, $"{_repository.Repository}/{path}");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private MlOpsException Unauthorized(int? status) => new(ErrorCodes.ModelArtifactUnauthorized, status is int s
        ? $"{Who} refused the {_credentials?.ToString() ?? "anonymous access"} (HTTP {s}). Credentials are read from {CredentialSources}; check them and their rights to {(_push ? "push to" : "pull from")} {_repository.Repository}."
        : $"{Who} needs a login and none was found. Credentials are read from {CredentialSources}.");

    private MlOpsException Unreachable(string why) =>
        new(ErrorCodes.ModelArtifactRegistryUnreachable, $"Cannot reach {Describe} at {_repository.ApiBase}: {why}.");

    private MlOpsException Error(string what) => new(ErrorCodes.ModelArtifactRegistryError, $"{Who}: {what}.");
}
