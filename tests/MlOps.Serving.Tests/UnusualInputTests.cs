using System.Net;
using System.Text.Json.Nodes;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>
/// Values training never saw: an unknown category is scored as the model scores it and counted per feature (or refused
/// under MLOPS_UNKNOWN_CATEGORY=reject), a number far outside the training range is scored and counted, and both feed
/// drift. The model's x1 was trained on [-2, 2], so "far" is below -6 or above 6.
/// </summary>
[TestClass]
public sealed class UnusualInputTests
{
    private static TrainedModel _model = null!;

    [ClassInitialize]
    public static void Train(TestContext _) => _model = TrainedModel.For(MlTask.BinaryClassification);

    [TestMethod]
    public async Task AnUnknownCategoryIsScoredAsTheModelScoresItAndCounted()
    {
        await using var server = await ScoringServer.StartAsync(_model.Folder);
        var row = _model.Request(0);
        row["color"] = "purple";
        var unknown = await server.PostJsonAsync("/predict", row);
        var text = await unknown.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, unknown.StatusCode, text);
        // Answers differ in their predictionId only when the prediction is the same.
        var answer = ScoringServer.WithoutId(JsonNode.Parse(text)!).ToJsonString();
        async Task<string> Answer() => ScoringServer.WithoutId(await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", row))).ToJsonString();
        // One-hot encodes an unseen key as all zeros, as it does a missing category: the same input to the trainer.
        row.Remove("color");
        Assert.AreEqual(await Answer(), answer);
        row["color"] = "red";
        Assert.AreNotEqual(await Answer(), answer, "the color matters");

        Assert.AreEqual(HttpStatusCode.OK, (await server.PostAsync("/predict/batch", "x1,color\n0.5,teal\n0.5,red\n1,teal\n", "text/csv")).StatusCode);
        var metrics = await server.Client.GetStringAsync("/metrics");
        StringAssert.Contains(metrics, "mlops_unknown_category_total{feature=\"color\"} 3");
        Assert.IsFalse(metrics.Contains("mlops_out_of_range_total{"), "nothing out of range was sent");
    }

    [TestMethod]
    public async Task ANumberFarOutsideTheTrainingRangeIsScoredAndCounted()
    {
        await using var server = await ScoringServer.StartAsync(_model.Folder);
        foreach (var x1 in new[] { -1e38, 7, 5.5, -2 })
        {
            var row = _model.Request(1);
            row["x1"] = x1;
            var response = await server.PostJsonAsync("/predict", row);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        Assert.AreEqual(HttpStatusCode.OK, (await server.PostAsync("/predict/batch", "x1,x 2\n1e30,0\n0,-100\n", "text/csv")).StatusCode);
        var metrics = await server.Client.GetStringAsync("/metrics");
        StringAssert.Contains(metrics, "mlops_out_of_range_total{feature=\"x1\"} 3", "-1e38, 7 and 1e30; 5.5 is within one range width");
        StringAssert.Contains(metrics, "mlops_out_of_range_total{feature=\"x 2\"} 1");
    }

    [TestMethod]
    public async Task RejectRefusesAnUnknownCategoryButStillScoresOutOfRangeNumbers()
    {
        await using var server = await ScoringServer.StartAsync(_model.Folder, settings: ["--MlOps:UnknownCategory=reject"]);
        var row = _model.Request(0);
        row["color"] = "purple";
        var refused = await server.PostJsonAsync("/predict", row);
        var problem = await ScoringServer.JsonAsync(refused);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, refused.StatusCode, problem.ToJsonString());
        Assert.AreEqual("MLOPS6011", (string?)problem["code"]);
        StringAssert.Contains((string?)problem["errors"]![0]!["message"], "Unknown category 'purple'");
        row["color"] = "red";
        row["x1"] = 1e6;
        Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict", row)).StatusCode);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.IsFalse(metrics.Contains("mlops_unknown_category_total{"), "a refused row is not counted as scored");
        StringAssert.Contains(metrics, "mlops_out_of_range_total{feature=\"x1\"} 1");
    }

    /// <summary>The drift gauges wait for MLOPS_DRIFT_MIN_ROWS rows; unknown categories move the categorical's PSI.</summary>
    [TestMethod]
    public async Task DriftAppearsAtTheMinimumRowsAndSeesUnknownCategories()
    {
        await using var server = await ScoringServer.StartAsync(_model.Folder, settings: ["--MlOps:DriftMinRows=40"]);
        JsonArray Rows(int count) => new([.. Enumerable.Range(0, count).Select(r =>
        {
            var row = _model.Request(r);
            row["color"] = "purple";
            return (JsonNode)row;
        })]);
        Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict/batch", Rows(39))).StatusCode);
        var before = await server.Client.GetStringAsync("/metrics");
        StringAssert.Contains(before, "mlops_drift_window_rows{model=\"challenger\"} 39");
        Assert.IsFalse(before.Contains("mlops_feature_drift_psi{"), "39 rows are fewer than MLOPS_DRIFT_MIN_ROWS=40");

        Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict/batch", Rows(1))).StatusCode);
        var after = await server.Client.GetStringAsync("/metrics");
        StringAssert.Contains(after, "mlops_drift_window_rows{model=\"challenger\"} 40");
        var psi = after.Split('\n').Where(l => l.StartsWith("mlops_feature_drift_psi{", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsGreaterThan(1.0, psi["mlops_feature_drift_psi{model=\"challenger\",feature=\"color\"}"], "every row's color is one training never had");
        Assert.IsLessThan(0.5, psi["mlops_feature_drift_psi{model=\"challenger\",feature=\"x1\"}"], "x1 comes from the training rows");
        StringAssert.Contains(after, "mlops_unknown_category_total{feature=\"color\"} 40");
    }
}
