using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Core.IO;
using MlOps.Core.Metrics;

namespace MlOps.Tool.Rollout;

/// <summary>
/// The scoring service's own evidence: GET &lt;url&gt;/rollout?confidence=… (docs/rollout.md, "The evidence: GET
/// /rollout"), the service recomputing the paired bounds at the decision's confidence. The challenger's error rate is
/// its server errors over the rows it scored; its p99 is the service's, over its last rows.
/// </summary>
public static class ServiceEvidence
{
    public static async Task<RolloutEvidence> ReadAsync(Uri service, double confidence, EvidenceHttp http, CancellationToken cancellation)
    {
        var address = new Uri(service, $"{service.AbsolutePath.TrimEnd('/')}/rollout?confidence={confidence.ToString("R", CultureInfo.InvariantCulture)}");
        var document = await http.GetAsync(address, cancellation);
        try
        {
            var paired = document["paired"]?.Deserialize<PairedResult>(MlOpsJson.Options);
            var challenger = document["models"]?["challenger"] ?? throw http.Unreadable(address, "its answer has no models.challenger");
            var scored = (long?)challenger["scored"] ?? 0;
            var errors = (long?)challenger["errors"] ?? 0;
            double? errorRate = scored > 0 ? Math.Min(1, (double)errors / scored) : errors > 0 ? 1 : null;
            return new RolloutEvidence($"the service at {EvidenceHttp.Shown(service)}", paired?.Rows ?? 0, paired, errorRate, (double?)challenger["p99Seconds"]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw http.Unreadable(address, $"its answer is not the /rollout document ({e.Message})");
        }
    }
}
