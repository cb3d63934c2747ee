using System.Net;
using System.Text.Json;

namespace MlOps.Tool.Oci;

/// <summary>
/// Sending: every request is built by a factory, so a retry or a re-authenticated repeat gets a fresh message and
/// reopens its upload stream. Transient failures (no connection, 429, 502, 503, 504) are tried
/// <see cref="Tries"/> times with exponential backoff, honoring a short Retry-After; anything else answers at once.
/// </summary>
public sealed partial class RegistryClient
{
    /// <summary>A Retry-After longer than this is not waited for: the failure is reported instead.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>How many times a transient failure is tried in all (1: no retries, for a quick look such as base-image).</summary>
    public int Tries { get; init; } = 3;

    /// <summary>The first backoff; each further one doubles.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>One request with the negotiated authorization; a refused token is renewed once; 401/403 after that means the login lacks the rights.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellation, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        await AuthenticateAsync(cancellation);
        var response = await SendRawAsync(() => Authorized(request()), cancellation, completion);
        if (response.StatusCode == HttpStatusCode.Unauthorized && await RenewTokenAsync(response, cancellation))
        {
            response.Dispose();
            response = await SendRawAsync(() => Authorized(request()), cancellation, completion);
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw Unauthorized(status);
        }
        return response;
    }

    private async Task<HttpResponseMessage> SendRawAsync(Func<HttpRequestMessage> request, CancellationToken cancellation, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= Tries;
            TimeSpan? retryAfter = null;
            using (var message = request())
            {
                try
                {
                    var response = await _http.SendAsync(message, completion, cancellation);
                    if (last || !IsTransient(response.StatusCode)) return response;
                    retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - DateTimeOffset.UtcNow);
                    response.Dispose();
                }
                catch (HttpRequestException) when (!last) { }
                catch (HttpRequestException e) { throw Unreachable(e.Message + (Tries > 1 ? $" (tried {Tries} times)" : "")); }
                catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    // Not retried: a registry silent for a whole timeout (10 minutes by default) is down, not briefly busy.
                    throw Unreachable($"no answer within {(_http.Timeout.TotalMinutes >= 1 ? $"{_http.Timeout.TotalMinutes:0} minutes" : $"{_http.Timeout.TotalSeconds:0} seconds")}");
                }
            }
            var backoff = RetryDelay * Math.Pow(2, attempt - 1);
            await Task.Delay(retryAfter is { } after && after > TimeSpan.Zero && after <= MaxRetryAfter ? after : backoff, cancellation);
        }
    }

    /// <summary>What a registry or its proxy says when busy or restarting; a 4xx other than 429 will not change on a retry.</summary>
    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

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
}
