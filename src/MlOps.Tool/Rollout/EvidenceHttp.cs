using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Rollout;

/// <summary>
/// GET a JSON document from the service or Prometheus. Whatever goes wrong on the way (refused, timed out, not 200,
/// not JSON) is one MLOPS4024 error at the MlOpsRolloutEvidence line, naming the address: the decision never guesses.
/// </summary>
public sealed class EvidenceHttp(ProjectLines project) : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The address MlOpsRolloutEvidence names, checked: an absolute http(s) URL.</summary>
    public static Uri ParseUrl(string value, ProjectLines project) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? uri
            : throw project.Error(ErrorCodes.RolloutDecisionInvalidSetting, DecisionSettings.EvidenceProperty,
                $"{DecisionSettings.EvidenceProperty} is '{value}', which is not an http(s) URL: give the service (http://host:port), " +
                "Prometheus (prometheus:http://host:9090) or a path or wildcard of labeled capture files.");

    public async Task<JsonNode> GetAsync(Uri address, CancellationToken cancellation)
    {
        try
        {
            using var response = await _client.GetAsync(address, cancellation);
            if (!response.IsSuccessStatusCode)
                throw Unreadable(address, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return await response.Content.ReadFromJsonAsync<JsonNode>(cancellation) ?? throw Unreadable(address, "it answered null");
        }
        catch (HttpRequestException e) { throw Unreadable(address, e.Message); }
        catch (JsonException e) { throw Unreadable(address, $"its answer is not JSON ({e.Message})"); }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested) { throw Unreadable(address, $"no answer within {_client.Timeout.TotalSeconds:0} s"); }
    }

    public MlOpsException Unreadable(Uri address, string why) => project.Error(ErrorCodes.RolloutEvidenceUnreadable, DecisionSettings.EvidenceProperty,
        $"The rollout evidence at {Shown(address)} could not be read: {why}.");

    /// <summary>An address as logs may show it: no user info, no query.</summary>
    public static string Shown(Uri address) => $"{address.Scheme}://{address.Authority}{address.AbsolutePath}";

    public void Dispose() => _client.Dispose();
}
