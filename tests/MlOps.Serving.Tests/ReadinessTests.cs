using System.Net;
using MlOps.Core.Diagnostics;
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
        Assert.AreEqual(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/health/ready")).StatusCode);
        var early = await server.PostJsonAsync("/predict", model.Request(0));
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        StringAssert.Contains(await early.Content.ReadAsStringAsync(), "MLOPS6013");
        Assert.AreEqual(HttpStatusCode.OK, (await server.Client.GetAsync("/schema")).StatusCode, "documents need no model");

        release.SetResult();
        await server.WaitReadyAsync();
        Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict", model.Request(0))).StatusCode);
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
