using System.Net;
using MlOps.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

[TestClass]
public sealed class ReadinessTests
{
    [TestMethod]
    public async Task ReadyOnlyAfterTheModelIsLoadedAndWarmedUp()
    {
        var model = TrainedModel.For(MlTask.BinaryClassification);
        var release = new TaskCompletionSource();
        await using var server = await ScoringServer.StartAsync(model.Folder, () => release.Task, waitReady: false);
        var live = await server.Client.GetAsync("/health/live");
        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode);
        Assert.AreEqual("live", await live.Content.ReadAsStringAsync());
        var loading = await server.Client.GetAsync("/health/ready");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
        Assert.AreEqual("loading", await loading.Content.ReadAsStringAsync());
        Assert.AreEqual("text/plain", loading.Content.Headers.ContentType?.MediaType);
        var early = await server.PostJsonAsync("/predict", model.Request(0));
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        StringAssert.Contains(await early.Content.ReadAsStringAsync(), "MLOPS6013");
        Assert.AreEqual(HttpStatusCode.OK, (await server.Client.GetAsync("/schema")).StatusCode, "documents need no model");

        release.SetResult();
        await server.WaitReadyAsync();
        Assert.AreEqual("ready", await server.Client.GetStringAsync("/health/ready"));
        Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict", model.Request(0))).StatusCode);
    }

    /// <summary>The probes are ASP.NET Core health checks, tagged live and ready, so a host can add checks of its own.</summary>
    [TestMethod]
    public async Task TheProbesAreTaggedHealthChecks()
    {
        var model = TrainedModel.For(MlTask.BinaryClassification);
        await using var server = await ScoringServer.StartAsync(model.Folder);
        var registrations = server.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        CollectionAssert.AreEquivalent(new[] { "process", "model" }, registrations.Select(r => r.Name).ToArray());
        Assert.IsTrue(registrations.Single(r => r.Name == "process").Tags.SetEquals(["live"]));
        Assert.IsTrue(registrations.Single(r => r.Name == "model").Tags.SetEquals(["ready"]));
        var report = await server.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.AreEqual(HealthStatus.Healthy, report.Status, "the model is loaded");
        Assert.AreEqual(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
    }

    [TestMethod]
    public void AFolderWithoutAModelFailsAtBuild()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-empty-").FullName;
        try
        {
            var e = Assert.ThrowsExactly<MlOpsException>(() => ScoringHost.Build([], folder));
            Assert.AreEqual(ErrorCodes.ServingModelMissing, e.Code);
            StringAssert.Contains(e.Message, "model.zip");
        }
        finally { Directory.Delete(folder); }
    }
}
