using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Serving.Tests;

/// <summary>A scoring host on 127.0.0.1 with a free port, and an HttpClient for it.</summary>
internal sealed class ScoringServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScoringServer(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="modelVersion">What the generated host would declare as the model version.</param>
    /// <param name="settings">Configuration as command-line arguments ("--MlOps:DriftMinRows=5"), so tests set no process-wide variables.</param>
    /// <param name="services">Replaces internals (ScoringHost.Build's test hook).</param>
    public static async Task<ScoringServer> StartAsync(string folder, Func<Task>? beforeLoad = null, bool waitReady = true, string? modelVersion = null,
        IEnumerable<string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = ScoringHost.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings ?? []], folder, beforeLoad, modelVersion, services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var server = new ScoringServer(app, new HttpClient { BaseAddress = new Uri(address) });
        if (waitReady) await server.WaitReadyAsync();
        return server;
    }

    public async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Client.GetAsync("/health/ready")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The service did not become ready in 20 s.");
            await Task.Delay(20);
        }
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, JsonNode body) =>
        Client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostAsync(string path, string body, string mediaType = "application/json") =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType));

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>An answer without its predictionId, to compare answers of different requests.</summary>
    public static JsonNode WithoutId(JsonNode answer)
    {
        var copy = answer.DeepClone();
        foreach (var item in copy is JsonArray array ? array.Select(i => i!.AsObject()) : [copy.AsObject()]) item.Remove("predictionId");
        return copy;
    }

    /// <summary>GET /metrics as series key (name and labels) -> value.</summary>
    public async Task<Dictionary<string, double>> MetricsAsync() => ParseMetrics(await Client.GetStringAsync("/metrics"));

    /// <summary>The exposition format: `name{labels} value` per line, comments skipped.</summary>
    public static Dictionary<string, double> ParseMetrics(string text) => text.Split('\n')
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => (Key: l[..l.LastIndexOf(' ')], Value: double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
        .ToDictionary(s => s.Key, s => s.Value);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
