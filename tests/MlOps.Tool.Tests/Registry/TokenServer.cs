using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace MlOps.Tool.Tests.Registry;

/// <summary>
/// A token server for distribution's token auth, on loopback in the test process: GET with Basic (Docker's flow) and
/// POST grant_type=refresh_token|password (OAuth2) issue RS256 JWTs whose x5c is a self-signed certificate, the same
/// one the registry trusts as its rootcertbundle. Anonymous GETs get pull only. Every request is recorded, so tests
/// can check who sent which secret; <see cref="Lifetime"/> short proves re-authentication.
/// </summary>
public sealed class TokenServer : IDisposable
{
    public const string Service = "mlops-registry";
    public const string Issuer = "mlops-token";
    /// <summary>distribution 2.8 accepts a token this long after its exp (and before its nbf).</summary>
    private static readonly TimeSpan RegistryLeeway = TimeSpan.FromSeconds(60);

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly Task _loop;

    /// <summary>What each request carried: method, Authorization header (raw), and the form body of a POST.</summary>
    public ConcurrentQueue<(string Method, string? Authorization, string? Form)> Requests { get; } = new();

    /// <summary>user:password pairs accepted for Basic and the password grant.</summary>
    public Dictionary<string, string> Users { get; } = new();

    /// <summary>Refresh tokens (Docker config identitytokens) accepted by the refresh grant.</summary>
    public HashSet<string> RefreshTokens { get; } = [];

    /// <summary>How long the registry accepts a token; the exp claim is set back by the registry's leeway.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    public string Realm { get; }

    public TokenServer(string certificateFile)
    {
        var request = new CertificateRequest("CN=mlops-token", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certificateFile, _certificate.ExportCertificatePem() + "\n");
        var port = MlOps.Core.IO.ProcessProbe.FreeLoopbackPort();
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Count(Func<(string Method, string? Authorization, string? Form), bool> which) => Requests.Count(which);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            try { Answer(context); }
            finally { context.Response.Close(); }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var request = context.Request;
        var authorization = request.Headers["Authorization"];
        string? form = null;
        if (request.HttpMethod == "POST")
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            form = reader.ReadToEnd();
        }
        Requests.Enqueue((request.HttpMethod, authorization, form));

        string? subject;
        bool anonymous = false;
        var parameters = form is null ? request.QueryString : System.Web.HttpUtility.ParseQueryString(form);
        if (form is not null)
            subject = parameters["grant_type"] switch
            {
                "refresh_token" when RefreshTokens.Contains(parameters["refresh_token"] ?? "") => "refresh-user",
                "password" when Users.TryGetValue(parameters["username"] ?? "", out var p) && p == parameters["password"] => parameters["username"],
                _ => null,
            };
        else if (authorization is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            subject = Users.TryGetValue(pair[0], out var p) && p == pair[1] ? pair[0] : null;
        }
        else (subject, anonymous) = ("", true);
        if (subject is null) { context.Response.StatusCode = 401; return; }

        var token = Issue(subject, parameters["scope"], anonymous);
        var json = Encoding.UTF8.GetBytes(form is null ? JsonSerializer.Serialize(new { token }) : JsonSerializer.Serialize(new { access_token = token }));
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(json);
    }

    /// <summary>A JWT for the scope (repository:name:actions); anonymous callers get pull only.</summary>
    private string Issue(string subject, string? scope, bool anonymous)
    {
        var access = new List<object>();
        if (scope?.Split(':') is [var type, .. var name, var actions])
            access.Add(new { type, name = string.Join(':', name), actions = actions.Split(',').Where(a => !anonymous || a == "pull").ToArray() });
        var now = DateTimeOffset.UtcNow;
        var header = new { alg = "RS256", typ = "JWT", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new
        {
            iss = Issuer, sub = subject, aud = Service, jti = Guid.NewGuid().ToString("N"),
            iat = now.ToUnixTimeSeconds(), nbf = now.AddSeconds(-1).ToUnixTimeSeconds(),
            exp = (now + Lifetime - RegistryLeeway).ToUnixTimeSeconds(), access,
        };
        var signed = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        return signed + "." + Base64Url(_key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _certificate.Dispose();
        _key.Dispose();
    }
}
