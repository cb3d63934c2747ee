using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOps.Serving.Rollout;

namespace MlOps.Serving.Http;

/// <summary>
/// /health/live and /health/ready as ASP.NET Core health checks: checks tagged "live" (the process answers) and "ready"
/// (every model of the image is loaded and warmed up), so a host can add its own checks under either tag. The bodies stay the plain
/// words the Kubernetes probes and smoke test have always read: live, ready, loading (503).
/// </summary>
internal static class HealthEndpoints
{
    public const string Live = "live", Ready = "ready";

    public static IServiceCollection AddServingHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), [Live])
            .AddCheck<ModelReadyCheck>("model", tags: [Ready]);
        return services;
    }

    public static void MapServingHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", Options(Live, _ => "live"));
        app.MapHealthChecks("/health/ready", Options(Ready, status => status == HealthStatus.Healthy ? "ready" : "loading"));
    }

    private static HealthCheckOptions Options(string tag, Func<HealthStatus, string> body) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(body(report.Status));
        },
    };

    private sealed class ModelReadyCheck(ServedModels models) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(models.IsReady ? HealthCheckResult.Healthy("model loaded") : HealthCheckResult.Unhealthy("model loading"));
    }
}
