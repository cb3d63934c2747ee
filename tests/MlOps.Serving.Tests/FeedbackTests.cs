using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Core.Metrics;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>POST /feedback on a real server: joins, live metrics (equal to LabeledMetrics), labeled files, outcomes, 4xx never 500.</summary>
[TestClass]
public sealed class FeedbackTests
{
    [TestMethod]
    public async Task JoinedLabelsGiveTheLiveMetricsOfLabeledMetricsAndALabeledFile()
    {
        var model = TrainedModel.For(MlTask.BinaryClassification);
        var classes = model.Schema.LabelClasses!;
        using var folder = new CaptureFolder();
        var answers = new List<(string Id, string Actual, JsonNode Answer)>();
        var server = await ScoringServer.StartAsync(model.Folder, settings: [folder.Setting]);
        await using (server)
        {
            for (var r = 0; r < 40; r++)
            {
                var answer = await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", model.Request(r)));
                answers.Add(((string)answer["predictionId"]!, model.Data.Column("target")[r]!, answer));
            }
            // The last 30 are labeled, one batch; the metrics cover them only.
            var feedback = new JsonArray([.. answers.Skip(10).Select(a => (JsonNode)new JsonObject { ["predictionId"] = a.Id, ["label"] = a.Actual })]);
            var response = await server.PostJsonAsync("/feedback", feedback);
            var result = await ScoringServer.JsonAsync(response);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, result.ToJsonString());
            Assert.AreEqual(30, (int)result["joined"]!);
            Assert.IsTrue(result["items"]!.AsArray().All(i => (string?)i!["outcome"] == "joined"));

            var metrics = await server.MetricsAsync();
            Assert.AreEqual(30, metrics["mlops_live_labeled_rows{model=\"challenger\"}"]);
            Assert.AreEqual(30, metrics["mlops_feedback_total{outcome=\"joined\"}"]);
            var expected = LabeledMetrics.Binary([.. answers.Skip(10).Select(a =>
                (a.Actual == classes[1], (string)a.Answer["label"]! == classes[1], (double)(float)a.Answer["probability"]!))]);
            foreach (var (name, value) in expected)
                Assert.AreEqual(value, metrics[$"mlops_live_metric{{model=\"challenger\",metric=\"{name}\"}}"], 1e-9, name);
            Assert.IsTrue(expected["Accuracy"] > 0.5, "a trained model gets most rows right");
        }

        var captures = folder.Read("capture");
        var labeled = folder.Read("labeled");
        CollectionAssert.AreEqual(captures.ColumnNames.ToArray(), labeled.ColumnNames.ToArray(), "the same columns");
        Assert.AreEqual(30, labeled.RowCount);
        var captured = CaptureFolder.ById(captures);
        foreach (var (id, row) in CaptureFolder.ById(labeled))
        {
            var a = answers.Single(x => x.Id == id);
            Assert.AreEqual(a.Actual, labeled.Column("target")[row], "the label column holds the true label");
            foreach (var column in labeled.ColumnNames.Where(c => c != "target"))
                Assert.AreEqual(captures.Column(column)[captured[id]], labeled.Column(column)[row], $"{column} as captured");
        }
        // Training data as it is: the label column holds the model's classes, every feature cell reads by the contract.
        CollectionAssert.IsSubsetOf(labeled.Column("target").Distinct().ToArray(), classes.ToArray());
        foreach (var feature in Core.Features.FeatureColumn.Of(model.Schema))
            Assert.IsTrue(labeled.Column(feature.Name).All(c => feature.FromText(c).Problem is null), feature.Name);
    }

    [TestMethod]
    public async Task UnknownLateAndRepeatedIdsAreCountedAndAnsweredWithTheirCodes()
    {
        var model = TrainedModel.For(MlTask.BinaryClassification);
        var label = model.Schema.LabelClasses![0];
        await using var server = await ScoringServer.StartAsync(model.Folder, settings: ["--MlOps:FeedbackPending=3"]);
        var ids = new List<string>();
        for (var r = 0; r < 5; r++) ids.Add((string)(await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", model.Request(r))))["predictionId"]!);

        async Task<JsonNode> One(string id, JsonNode? value, HttpStatusCode status, string? code)
        {
            var response = await server.PostJsonAsync("/feedback", new JsonObject { ["predictionId"] = id, ["label"] = value });
            var json = await ScoringServer.JsonAsync(response);
            Assert.AreEqual(status, response.StatusCode, json.ToJsonString());
            Assert.AreEqual(code, (string?)json["code"]);
            return json;
        }
        var joined = await One(ids[4], label, HttpStatusCode.OK, null);
        Assert.AreEqual("joined", (string?)joined["outcome"]);
        Assert.AreEqual(ids[4], (string?)joined["predictionId"]);
        await One(ids[4], label, HttpStatusCode.Conflict, "MLOPS6035");
        await One(ids[0], label, HttpStatusCode.Gone, "MLOPS6033"); // made here, pushed out by the 3 newer ones
        await One("never-made", label, HttpStatusCode.NotFound, "MLOPS6032");
        await One(ids[0][..^1] + "99999", label, HttpStatusCode.NotFound, "MLOPS6032"); // our prefix, a number not issued yet

        var batch = await server.PostJsonAsync("/feedback", new JsonArray(
            new JsonObject { ["predictionId"] = ids[3], ["label"] = label },
            new JsonObject { ["predictionId"] = ids[1], ["label"] = label },
            new JsonObject { ["predictionId"] = "someone-elses", ["label"] = label },
            new JsonObject { ["predictionId"] = ids[2], ["label"] = "maybe" }));
        var result = await ScoringServer.JsonAsync(batch);
        Assert.AreEqual(HttpStatusCode.OK, batch.StatusCode, result.ToJsonString());
        CollectionAssert.AreEqual(new[] { "joined", "late", "unknown", "invalid" }, result["items"]!.AsArray().Select(i => (string)i!["outcome"]!).ToArray());
        Assert.AreEqual("MLOPS6031", (string?)result["items"]![3]!["code"]);
        foreach (var outcome in new[] { "joined", "unknown", "late", "invalid" }) Assert.AreEqual(1, (int)result[outcome]!, outcome);

        var metrics = await server.MetricsAsync();
        Assert.AreEqual(2, metrics["mlops_feedback_total{outcome=\"joined\"}"]);
        Assert.AreEqual(2, metrics["mlops_feedback_total{outcome=\"late\"}"]);
        Assert.AreEqual(3, metrics["mlops_feedback_total{outcome=\"unknown\"}"]);
        Assert.AreEqual(2, metrics["mlops_feedback_total{outcome=\"invalid\"}"]);
        Assert.AreEqual(2, metrics["mlops_live_labeled_rows{model=\"challenger\"}"]);
    }

    [TestMethod]
    public async Task BadFeedbackIs4xxWithACodeAndNeverA500()
    {
        var model = TrainedModel.For(MlTask.BinaryClassification);
        await using var server = await ScoringServer.StartAsync(model.Folder, settings: ["--MlOps:MaxBodyBytes=2000"]);
        var id = (string)(await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", model.Request(0))))["predictionId"]!;

        async Task Expect(HttpContent body, HttpStatusCode status, string code)
        {
            var response = await server.Client.PostAsync("/feedback", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(status, response.StatusCode, text);
            Assert.AreEqual(code, (string?)JsonNode.Parse(text)!["code"], text);
        }
        StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        foreach (var label in new[] { "\"maybe\"", "3.5", "{}", "null", "[\"yes\"]" })
            await Expect(Json($"{{\"predictionId\":\"{id}\",\"label\":{label}}}"), HttpStatusCode.UnprocessableEntity, "MLOPS6031");
        await Expect(Json($"{{\"predictionId\":\"{id}\"}}"), HttpStatusCode.UnprocessableEntity, "MLOPS6031");
        await Expect(Json("{\"label\":\"yes\"}"), HttpStatusCode.UnprocessableEntity, "MLOPS6030");
        await Expect(Json("{\"predictionId\":\"has space\",\"label\":\"yes\"}"), HttpStatusCode.UnprocessableEntity, "MLOPS6030");
        await Expect(Json("{\"predictionId\":42,\"label\":\"yes\"}"), HttpStatusCode.UnprocessableEntity, "MLOPS6030");
        await Expect(Json("{not json"), HttpStatusCode.BadRequest, "MLOPS6010");
        await Expect(Json("\"a string\""), HttpStatusCode.BadRequest, "MLOPS6010");
        await Expect(new StringContent($"{{\"predictionId\":\"{id}\",\"label\":\"yes\"}}", Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType, "MLOPS6040");
        await Expect(new StringContent($"{{\"predictionId\":\"{id}\",\"label\":\"yes\"}}", Encoding.UTF8, "application/xml"), HttpStatusCode.UnsupportedMediaType, "MLOPS6040");
        var big = new JsonArray([.. Enumerable.Range(0, 100).Select(_ => (JsonNode)new JsonObject { ["predictionId"] = id, ["label"] = "yes" })]);
        await Expect(Json(big.ToJsonString()), HttpStatusCode.RequestEntityTooLarge, "MLOPS6012");

        var metrics = await server.MetricsAsync();
        Assert.IsFalse(metrics.Keys.Any(k => k.StartsWith("mlops_http_requests_total{endpoint=\"/feedback\",code=\"5", StringComparison.Ordinal)), "no 5xx");
        Assert.AreEqual(14, metrics["mlops_feedback_total{outcome=\"invalid\"}"]);
        Assert.AreEqual(0, metrics["mlops_feedback_total{outcome=\"joined\"}"]);
    }

    [TestMethod]
    public async Task LabelsAreCheckedAgainstTheTask()
    {
        var multiclass = TrainedModel.For(MlTask.MulticlassClassification);
        await using (var server = await ScoringServer.StartAsync(multiclass.Folder))
        {
            var ids = await PredictAsync(server, multiclass, 3);
            Assert.AreEqual(HttpStatusCode.OK, (await Feedback(server, ids[0], "mid")).StatusCode);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await Feedback(server, ids[1], "medium")).StatusCode);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await Feedback(server, ids[1], 1)).StatusCode);
            var metrics = await server.MetricsAsync();
            Assert.IsTrue(metrics.ContainsKey("mlops_live_metric{model=\"challenger\",metric=\"MicroAccuracy\"}"));
        }

        var regression = TrainedModel.For(MlTask.Regression);
        await using (var server = await ScoringServer.StartAsync(regression.Folder))
        {
            var ids = await PredictAsync(server, regression, 20);
            var values = new List<(double Actual, double Predicted)>();
            for (var r = 0; r < ids.Count; r++)
            {
                var actual = double.Parse(regression.Data.Column("target")[r]!, CultureInfo.InvariantCulture);
                Assert.AreEqual(HttpStatusCode.OK, (await Feedback(server, ids[r].Id, actual)).StatusCode);
                values.Add((actual, ids[r].Value));
            }
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await Feedback(server, ids[0].Id, "abc")).StatusCode);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await Feedback(server, ids[0].Id, true)).StatusCode);
            var metrics = await server.MetricsAsync();
            foreach (var (name, value) in LabeledMetrics.Regression(values))
                Assert.AreEqual(value, metrics[$"mlops_live_metric{{model=\"challenger\",metric=\"{name}\"}}"], 1e-9 * Math.Max(1, Math.Abs(value)), name);
        }
    }

    private static async Task<List<(string Id, double Value)>> PredictAsync(ScoringServer server, TrainedModel model, int rows)
    {
        var ids = new List<(string, double)>();
        for (var r = 0; r < rows; r++)
        {
            var answer = await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", model.Request(r)));
            ids.Add(((string)answer["predictionId"]!, answer["value"] is { } v ? (double)(float)v : double.NaN));
        }
        return ids;
    }

    private static Task<HttpResponseMessage> Feedback(ScoringServer server, string id, JsonNode? label) =>
        server.PostJsonAsync("/feedback", new JsonObject { ["predictionId"] = id, ["label"] = label });

    private static Task<HttpResponseMessage> Feedback(ScoringServer server, (string Id, double Value) prediction, JsonNode? label) =>
        Feedback(server, prediction.Id, label);
}
