using System.Net;
using System.Text;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;

namespace MlOps.Tool.Tests;

/// <summary>A model folder with the files publish ships (model.zip here is just bytes: nothing opens it).</summary>
internal static class OciTestModel
{
    public static readonly DateTimeOffset Finished = new(2026, 11, 20, 8, 30, 15, 250, TimeSpan.Zero);

    public static Manifest Lineage(IReadOnlyList<DataFileRecord>? data = null) => new()
    {
        SdkVersion = "1.0.0", MlNetVersion = "5.0.1", Task = "Regression", Label = "price", Seed = 0,
        OptimizingMetric = "RSquared",
        Budget = new BudgetRecord(60, 2, 2),
        BestTrainer = new BestTrainerRecord("LightGbm", new Dictionary<string, string>(), 0.875, 0.01),
        Featurization = [],
        Data = data ?? [new DataFileRecord("training", "data/train.csv", new string('a', 64), 300)],
        ModelSha256 = new string('b', 64),
        Git = new GitRecord("0123456789abcdef0123456789abcdef01234567", false),
        StartedUtc = Finished.AddMinutes(-1), FinishedUtc = Finished, TrainingSeconds = 60,
    };

    public static string Folder(TempDir dir, bool withCard = false)
    {
        var folder = Path.Combine(dir.Root, "mlops");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, ArtifactFiles.Model), Encoding.UTF8.GetBytes(new string('z', 5000)));
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Metrics), """{"rSquared":0.9}""");
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Schema), """{"columns":[]}""");
        File.WriteAllText(Path.Combine(folder, ArtifactFiles.Manifest), MlOpsJson.Serialize(Lineage()));
        if (withCard) File.WriteAllText(Path.Combine(folder, "model-card.md"), "# Model card\n");
        return folder;
    }
}

/// <summary>
/// A registry in memory behind an HttpMessageHandler: the distribution API calls the client makes, with Basic or
/// Bearer auth, so the protocol (challenge, token, upload, digest headers) is checked without a server.
/// </summary>
internal sealed class FakeRegistry : HttpMessageHandler
{
    public readonly Dictionary<string, byte[]> Blobs = new();
    public readonly Dictionary<string, byte[]> Manifests = new();
    public readonly List<string> Log = [];
    public string? BasicUser { get; init; }          // "user:password" for Basic auth
    public string? BearerToken { get; init; }        // token the token endpoint hands out for BasicUser
    public string Realm { get; init; } = "https://registry.test/token";
    public string? TokenRequest { get; private set; }
    /// <summary>The Accept header of the last request (the media types the client asked for).</summary>
    public string LastAccept { get; private set; } = "";
    private readonly Dictionary<string, MemoryStream> _uploads = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var auth = request.Headers.Authorization;
        Log.Add($"{request.Method} {request.RequestUri.PathAndQuery} {auth?.Scheme}");
        LastAccept = request.Headers.Accept.ToString();
        if (path == "/token")
        {
            TokenRequest = request.RequestUri.Query;
            var ok = auth?.Scheme == "Basic" && Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter!)) == BasicUser;
            return ok ? Json(HttpStatusCode.OK, $$"""{"token":"{{BearerToken}}"}""") : new HttpResponseMessage(HttpStatusCode.Unauthorized);
        }
        if (!Authorized(auth))
        {
            var denied = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            denied.Headers.WwwAuthenticate.ParseAdd(BearerToken is not null
                ? $"Bearer realm=\"{Realm}\",service=\"registry.test\""
                : "Basic realm=\"fake\"");
            return denied;
        }
        if (path == "/v2/") return new HttpResponseMessage(HttpStatusCode.OK);
        var parts = path["/v2/".Length..];
        if (parts.Contains("/blobs/uploads/"))
        {
            var id = parts[(parts.IndexOf("/blobs/uploads/") + "/blobs/uploads/".Length)..];
            if (request.Method == HttpMethod.Post)
            {
                id = Guid.NewGuid().ToString("N");
                _uploads[id] = new MemoryStream();
                var accepted = new HttpResponseMessage(HttpStatusCode.Accepted);
                accepted.Headers.Location = new Uri($"/v2/{parts}{id}?_state=x", UriKind.Relative);
                return accepted;
            }
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var digest = Uri.UnescapeDataString(request.RequestUri.Query.Split("digest=")[1]);
            if (MlOps.Tool.Oci.OciDigest.Of(body) != digest) return new HttpResponseMessage(HttpStatusCode.BadRequest);
            Blobs[digest] = body;
            return new HttpResponseMessage(HttpStatusCode.Created);
        }
        if (parts.Contains("/blobs/"))
        {
            var digest = parts[(parts.LastIndexOf('/') + 1)..];
            if (!Blobs.TryGetValue(digest, out var blob)) return new HttpResponseMessage(HttpStatusCode.NotFound);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(request.Method == HttpMethod.Head ? [] : blob) };
        }
        var reference = parts[(parts.LastIndexOf('/') + 1)..];
        if (request.Method == HttpMethod.Put)
        {
            var bytes = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            if (request.Content.Headers.ContentType?.MediaType != MlOps.Tool.Oci.OciMediaTypes.ImageManifest) return new HttpResponseMessage(HttpStatusCode.BadRequest);
            Manifests[reference] = Manifests[MlOps.Tool.Oci.OciDigest.Of(bytes)] = bytes;
            var created = new HttpResponseMessage(HttpStatusCode.Created);
            created.Headers.Add("Docker-Content-Digest", MlOps.Tool.Oci.OciDigest.Of(bytes));
            return created;
        }
        if (!Manifests.TryGetValue(reference, out var manifest)) return new HttpResponseMessage(HttpStatusCode.NotFound);
        var found = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(manifest) };
        found.Content.Headers.ContentType = new(MlOps.Tool.Oci.OciMediaTypes.ImageManifest);
        found.Headers.Add("Docker-Content-Digest", MlOps.Tool.Oci.OciDigest.Of(manifest));
        return found;
    }

    private bool Authorized(System.Net.Http.Headers.AuthenticationHeaderValue? auth) =>
        BearerToken is not null ? auth?.Scheme == "Bearer" && auth.Parameter == BearerToken
        : BasicUser is null || (auth?.Scheme == "Basic" && Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter!)) == BasicUser);

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
