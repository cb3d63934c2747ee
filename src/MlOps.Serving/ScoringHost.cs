using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Capture;
using MlOps.Serving.Docs;
using MlOps.Serving.Feedback;
using MlOps.Serving.Http;
using MlOps.Serving.Input;
using MlOps.Serving.Model;
using MlOps.Serving.Monitoring;
using MlOps.Serving.Rollout;
using MlOps.Serving.Security;
using Prometheus;

namespace MlOps.Serving;

/// <summary>
/// The production scoring service of a model folder (model.zip, schema.json, manifest.json). The SDK generates a host
/// project whose Program.cs is one line, <c>await ScoringHost.RunAsync(args);</c>. Bind addresses come from the usual
/// ASP.NET settings (ASPNETCORE_URLS, --urls); the service's own from the MlOps configuration section (<see cref="ServingOptions"/>).
/// </summary>
public static class ScoringHost
{
    /// <summary>Reads the model folder's schema and manifest (failing fast with MLOPS6001/6002) and maps every endpoint.
    /// model.zip loads in the background once the app starts; /health/ready says when. The model version is the one the
    /// generated host project declares (its MlOpsModelVersion assembly metadata).</summary>
    public static WebApplication Build(string[] args, string modelFolder) =>
        Build(args, modelFolder, beforeLoad: null, ModelVersionOf(Assembly.GetEntryAssembly()), modelName: ModelNameOf(Assembly.GetEntryAssembly()));

    /// <summary>The model project's $(Version), which the generated host's Host.csproj writes as assembly metadata.</summary>
    internal static string? ModelVersionOf(Assembly? host) => HostMetadata(host, "MlOpsModelVersion");

    /// <summary>The model project's name (the host's MlOpsModelName metadata): the default of MlOps:ModelName, the name
    /// KServe's v1 protocol addresses the model by.</summary>
    internal static string? ModelNameOf(Assembly? host) => HostMetadata(host, "MlOpsModelName");

    private static string? HostMetadata(Assembly? host, string key) =>
        host?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    /// <summary>Runs the service until shutdown; the default folder is the mlops/ folder beside the application.</summary>
    public static async Task RunAsync(string[] args, string? modelFolder = null)
    {
        WebApplication app;
        try { app = Build(args, modelFolder ?? Path.Combine(AppContext.BaseDirectory, "mlops")); }
        catch (MlOpsException e)
        {
            await Console.Error.WriteLineAsync(e.ToCanonical());
            Environment.ExitCode = 1;
            return;
        }
        await using (app) await app.RunAsync();
    }

    /// <param name="services">Tests replace internals here (registered last, so theirs win).</param>
    /// <param name="modelName">The model project's name (<see cref="ModelNameOf"/>); MlOps:ModelName overrides it.</param>
    internal static WebApplication Build(string[] args, string modelFolder, Func<Task>? beforeLoad, string? modelVersion,
        Action<IServiceCollection>? services = null, string? modelName = null)
    {
        var files = ModelFiles.Read(modelFolder, modelVersion);

        // The slim builder leaves out what a JSON scoring API never uses (HTTPS config, IIS, ...): faster start.
        var builder = WebApplication.CreateSlimBuilder(args);
        // MLOPS_* aliases rank just below the environment variables: MlOps__X and --MlOps:X win, appsettings.json loses.
        var sources = builder.Configuration.Sources;
        var environment = sources.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is EnvironmentVariablesConfigurationSource).i;
        sources.Insert(environment, new ServingSettings.AliasSource());
        // No appsettings.json ships with the host: default ASP.NET's per-request logs to Warning (they cost more than a
        // prediction), at the lowest priority so Logging__LogLevel__* variables and --Logging:... arguments still win.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // Authentication brings ASP.NET's data protection, which warns at every start that its key ring lives in
                // memory only. The service protects nothing with it (no cookies, no antiforgery): an in-memory ring is right.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
                // A readiness probe while the model loads is the expected 503, which the health-check service would log as
                // an error at every start; the model loader logs the real failures (MLOPS6002) itself.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
                // KServe's name for the model: the project's, unless MLOPS_MODEL_NAME or --MlOps:ModelName says otherwise.
                [$"{ServingOptions.Section}:{nameof(ServingOptions.ModelName)}"] = modelName,
            },
        });
        var options = ServingOptions.From(builder.Configuration);
        var models = new ServedModels(files, options); // reads the champion, if any: a bad one stops the start (MLOPS6050-6052)
        var layout = models.Challenger.Layout; // requests are validated against the challenger's schema
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        var schemes = builder.Services.AddCallerAuthorization(builder.Configuration, options);
        builder.Services.AddSingleton(files).AddSingleton(options).AddSingleton(layout).AddSingleton(models)
            .AddSingleton(new ServingMetrics(models))
            .AddSingleton<RowValidator>().AddSingleton<PredictionHandler>()
            .AddSingleton(new ModelLoader.Gate(beforeLoad ?? (() => Task.CompletedTask)))
            .AddHostedService<ModelLoader>()
            .AddServingHealthChecks()
            .AddProblemDetails();
        AddProductionLoop(builder.Services, files, layout, options, models);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        _ = app.Services.GetService<ApiKeyStore>(); // read the key file now: a bad one fails here (MLOPS6043), not at the first request
        var metrics = app.Services.GetRequiredService<ServingMetrics>();
        app.Use(async (context, next) =>
        {
            // Counted and timed as the response starts, not after it ends: a client that reads the answer (or the reset
            // that follows a 413 mid-upload) and then scrapes /metrics must already see it.
            var start = Stopwatch.GetTimestamp();
            var counted = false;
            void Count(int status)
            {
                if (counted) return;
                counted = true;
                var endpoint = context.GetEndpoint() is RouteEndpoint route ? route.RoutePattern.RawText ?? "unmatched" : "unmatched";
                metrics.HttpRequests.WithLabels(endpoint, status.ToString(CultureInfo.InvariantCulture)).Inc();
                metrics.HttpDuration.WithLabels(endpoint).Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            context.Response.OnStarting(() => { Count(context.Response.StatusCode); return Task.CompletedTask; });
            try { await next(context); }
            catch { Count(StatusCodes.Status500InternalServerError); throw; }
            if (!context.Response.HasStarted) Count(context.Response.StatusCode);
        });
        // After the counting middleware, so 401s and 403s are counted and timed like every other answer.
        app.UseAuthentication();
        app.UseAuthorization();
        MapEndpoints(app, files, layout, metrics, schemes);
        return app;
    }

    private static void MapEndpoints(WebApplication app, ModelFiles files, FeatureLayout layout, ServingMetrics metrics, IReadOnlyList<string> schemes)
    {
        // Documents are built once: GETs serve cached strings.
        var schemaJson = SchemaDocument.Build(layout).ToJsonString(Indented);
        var openApiJson = OpenApiDocument.Build(files, layout, schemes, app.Services.GetRequiredService<ServingOptions>().ModelName).ToJsonString(Indented);

        app.MapPost("/predict", (HttpContext c, PredictionHandler h) => h.PredictOneAsync(c)).RequireCaller();
        app.MapPost("/predict/batch", (HttpContext c, PredictionHandler h) => h.PredictBatchAsync(c)).RequireCaller();
        app.MapPost("/feedback", (HttpContext c, FeedbackHandler h) => h.HandleAsync(c)).RequireCaller();
        app.Services.GetRequiredService<LoopMetrics>(); // its series exist from the first scrape
        app.Services.GetRequiredService<RolloutMetrics>();
        app.MapGet("/rollout", (HttpContext c, ServedModels m, RolloutEvidence e, ServingOptions o) => RolloutEndpoint.Handle(c, m, e, o));
        app.MapGet("/schema", () => Results.Text(schemaJson, "application/json"));
        var manifestJson = PublicManifest.Of(files.ManifestJson);
        app.MapGet("/model", () => Results.Text(manifestJson, "application/json"));
        ApiDocs.Map(app, openApiJson, files);
        ModelCardPage.Map(app, files);
        KServeV1.Map(app);
        app.MapServingHealthChecks();
        app.MapMetrics("/metrics", metrics.Registry);
    }

    /// <summary>Prediction ids, the pending set and live quality for /feedback, data capture (docs/monitoring.md), and
    /// the background model's scoring and the rollout evidence (docs/rollout.md).</summary>
    private static void AddProductionLoop(IServiceCollection services, ModelFiles files, FeatureLayout layout, ServingOptions options, ServedModels models) =>
        services.AddSingleton<PredictionIds>()
            .AddSingleton(new CaptureColumns(layout, files.Version, options.CaptureExclude, models.Champion?.Files.Version))
            .AddSingleton(sp => new PendingPredictions(sp.GetRequiredService<PredictionIds>(), options.FeedbackPending,
                options.CaptureDir is null ? null : layout, sp.GetRequiredService<CaptureColumns>().Others.Count))
            .AddSingleton(new LabelReader(files.Schema))
            .AddSingleton<LoopMetrics>().AddSingleton<RowExtras.Reader>().AddSingleton<PredictionRecorder>().AddSingleton<FeedbackHandler>()
            .AddSingleton(new CaptureWriter.Tuning()).AddSingleton<CaptureWriter>()
            .AddHostedService(sp => sp.GetRequiredService<CaptureWriter>())
            .AddSingleton<RolloutEvidence>().AddSingleton<RolloutMetrics>()
            // Registered after the capture writer, so it stops first: the rows it finishes still reach capture.
            .AddSingleton(new ShadowScorer.Tuning()).AddSingleton<ShadowScorer>()
            .AddHostedService(sp => sp.GetRequiredService<ShadowScorer>());

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
}
