using System.Net;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>Multiclass and regression: the response shapes, equal to in-process scoring.</summary>
[TestClass]
public sealed class OtherTaskScoringTests
{
    [TestMethod]
    public async Task MulticlassGivesTheLabelAndEveryClassProbability()
    {
        var model = TrainedModel.For(MlTask.MulticlassClassification);
        await using var server = await ScoringServer.StartAsync(model.Folder);
        var scored = model.ScoreInProcess(10);
        var labels = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(l => l.ToString()).ToArray();
        var scores = scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var batch = await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict/batch",
            new JsonArray([.. Enumerable.Range(0, 10).Select(r => (JsonNode)model.Request(r))])));
        for (var r = 0; r < 10; r++)
        {
            var json = await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", model.Request(r)));
            Assert.AreEqual(labels[r], (string?)json["label"]);
            var classes = json["scores"]!.AsObject();
            CollectionAssert.AreEqual(model.Schema.LabelClasses!.ToArray(), classes.Select(kv => kv.Key).ToArray());
            for (var c = 0; c < scores[r].Length; c++) Assert.AreEqual(scores[r][c], (float)classes[model.Schema.LabelClasses![c]]!, 1e-6f);
            Assert.AreEqual(ScoringServer.WithoutId(json).ToJsonString(), ScoringServer.WithoutId(batch[r]!).ToJsonString());
        }
        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.IsNotNull(openApi["components"]!["schemas"]!["Prediction"]!["properties"]!["scores"]);
        StringAssert.Contains(await server.Client.GetStringAsync("/metrics"), "task=\"MulticlassClassification\",trainer=\"");
    }

    [TestMethod]
    public async Task RegressionGivesTheValue()
    {
        var model = TrainedModel.For(MlTask.Regression);
        await using var server = await ScoringServer.StartAsync(model.Folder);
        var values = model.ScoreInProcess(10).GetColumn<float>("Score").ToArray();
        for (var r = 0; r < 10; r++)
        {
            var response = await server.PostJsonAsync("/predict", model.Request(r));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            var json = (await ScoringServer.JsonAsync(response)).AsObject();
            CollectionAssert.AreEqual(new[] { "value", "predictionId", "model", "modelVersion" }, json.Select(kv => kv.Key).ToArray());
            Assert.AreEqual(values[r], (float)json["value"]!, 1e-5f);
        }
        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.AreEqual("number", (string?)openApi["components"]!["schemas"]!["Prediction"]!["properties"]!["value"]!["type"]);
    }
}
