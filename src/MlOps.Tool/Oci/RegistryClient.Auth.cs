using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Oci;

/// <summary>
/// How the client logs in, as the .NET SDK's registry code does: probe GET /v2/ once; a Basic challenge takes the
/// login (checked right away, so wrong credentials fail before any upload); a Bearer challenge fetches a token for
/// this repository from the realm, which must be https unless on a loopback host. A token that stops working (401
/// with a Bearer challenge) is renewed for the challenge's scope and the request retried once.
/// </summary>
public sealed partial class RegistryClient
{
    /// <summary>The client id we give the OAuth2 token endpoint (the refresh grant requires one).</summary>
    public const string OAuthClientId = "MlOps.Sdk";

    private string Scope => $"repository:{_repository.Repository}:{(_push ? "pull,push" : "pull")}";

    private async Task AuthenticateAsync(CancellationToken cancellation)
    {
        if (_authenticated) return;
        using var probe = await SendRawAsync(() => new HttpRequestMessage(HttpMethod.Get, _repository.ApiBase), cancellation);
        if (probe.StatusCode == HttpStatusCode.Unauthorized)
        {
            var challenge = probe.Headers.WwwAuthenticate.FirstOrDefault() ?? throw Error("GET /v2/ answered 401 without a WWW-Authenticate challenge");
            if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                _bearer = true;
                _authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(Parameters(challenge.Parameter), cancellation));
            }
            else if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                if (_credentials is not { IdentityToken: null }) throw Unauthorized(null);
                _authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicValue());
                using var check = await SendRawAsync(() => Authorized(new HttpRequestMessage(HttpMethod.Get, _repository.ApiBase)), cancellation);
                if (check.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) throw Unauthorized((int)check.StatusCode);
            }
            else throw Error($"GET /v2/ asks for '{challenge.Scheme}' authentication, which is not supported (Basic and Bearer are)");
        }
        else if (!probe.IsSuccessStatusCode) await EnsureSuccess(probe, "GET /v2/");
        _authenticated = true;
    }

    /// <summary>
    /// A 401 on a request made with a Bearer token: the token expired or lacks the scope. Takes a new one for the
    /// challenge's scope (ours when it names none); false when there is nothing to renew (Basic, anonymous).
    /// </summary>
    private async Task<bool> RenewTokenAsync(HttpResponseMessage refused, CancellationToken cancellation)
    {
        if (!_bearer || refused.StatusCode != HttpStatusCode.Unauthorized) return false;
        var challenge = refused.Headers.WwwAuthenticate.FirstOrDefault(c => c.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase));
        if (challenge is null) return false;
        _authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(Parameters(challenge.Parameter), cancellation));
        return true;
    }

    private async Task<string> TokenAsync(IReadOnlyDictionary<string, string> challenge, CancellationToken cancellation)
    {
        if (!challenge.TryGetValue("realm", out var text)) throw Error("the Bearer challenge names no realm");
        var realm = CheckedRealm(text);
        var scope = challenge.GetValueOrDefault("scope", Scope);
        var service = challenge.GetValueOrDefault("service");
        var login = CredentialsMayGoTo(realm) ? _credentials : null;
        using var response = await SendRawAsync(() => login?.IdentityToken is { } refresh
            ? RefreshGrant(realm, service, scope, refresh)
            : TokenGet(realm, service, scope, login), cancellation);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) throw Unauthorized((int)response.StatusCode);
        await EnsureSuccess(response, login?.IdentityToken is null ? "GET token" : "POST token (refresh grant)");
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
            var root = doc.RootElement;
            var token = root.TryGetProperty("token", out var t) ? t.GetString() : root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
            return token is { Length: > 0 } ? token : throw Error("the token endpoint answered without a token");
        }
        catch (JsonException) { throw Error("the token endpoint answered with something that is not JSON"); }
    }

    /// <summary>Docker's token flow: GET realm?service=&amp;scope= with the login as Basic (none: an anonymous token).</summary>
    private static HttpRequestMessage TokenGet(Uri realm, string? service, string scope, RegistryCredentials? login)
    {
        var query = (service is null ? "" : $"service={Uri.EscapeDataString(service)}&") + $"scope={Uri.EscapeDataString(scope)}";
        var request = new HttpRequestMessage(HttpMethod.Get, realm + (realm.Query.Length > 0 ? "&" : "?") + query);
        if (login is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", login.BasicValue());
        return request;
    }

    /// <summary>OAuth2 refresh grant (the distribution spec's POST token flow): the identity token buys an access token.</summary>
    private static HttpRequestMessage RefreshGrant(Uri realm, string? service, string scope, string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"), new("refresh_token", refreshToken), new("scope", scope), new("client_id", OAuthClientId),
        };
        if (service is not null) form.Add(new("service", service));
        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    /// <summary>A realm is where the login goes: https only, except a loopback host (a test or local registry).</summary>
    private Uri CheckedRealm(string realm)
    {
        if (!Uri.TryCreate(realm, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new MlOpsException(ErrorCodes.RegistryTokenRealmRefused, $"{Who} names the token realm '{realm}', which is not an http(s) URL; nothing was sent to it.");
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
            throw new MlOpsException(ErrorCodes.RegistryTokenRealmRefused, $"{Who} names the token realm '{realm}', which is plain http on a host that is not loopback: a login or token would cross the network in clear text, so nothing was sent. The realm must be https.");
        return uri;
    }

    /// <summary>
    /// The login goes to a realm on the registry's own host, or to an https realm elsewhere (as Docker and the .NET
    /// SDK do: ACR, ECR and Docker Hub serve tokens from another host); never to plain http on another host.
    /// </summary>
    private bool CredentialsMayGoTo(Uri realm) =>
        realm.Scheme == Uri.UriSchemeHttps || realm.Host.Equals(_repository.ApiBase.Host, StringComparison.OrdinalIgnoreCase);

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Authorization = _authorization;
        return request;
    }

    private static Dictionary<string, string> Parameters(string? parameter) =>
        ChallengeParameter().Matches(parameter ?? "").ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => m.Groups[2].Value);

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();
}
