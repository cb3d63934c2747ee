using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Metrics;
using MlOps.Core.Schema;
using MlOps.Serving.Rollout;

namespace MlOps.Serving.Tests;

/// <summary>
/// Two models in one image (docs/rollout.md) on a real server: a good challenger and a weak champion (trained on shuffled
/// labels, so their answers differ). Who answers in each mode, sticky canary routing, background scoring and its
/// drops, per-model metrics, paired evidence from /feedback, capture of both answers, GET /rollout, start-up errors.
/// </summary>
[TestClass]
public sealed class RolloutTests
{
    private static TrainedModel Challenger => TrainedModel.For(MlTask.BinaryClassification);
    private static TrainedModel Champion => TrainedModel.Weak(MlTask.BinaryClassification);
    private const string Compared = "mlops_shadow_compared_total";

    [TestMethod]
    public async Task ShadowAnswersWithTheChampionAndScoresTheChallengerInTheBackground()
    {
        const int n = 60;
        using var folder = new RolloutFolder(Challenger, Champion);
        await using var server = await folder.StartAsync();
        var champion = Champion.ScoreInProcess(n);
        var challenger = Challenger.ScoreInProcess(n);
        var (championProbability, challengerProbability) = (champion.GetColumn<float>("Probability").ToArray(), challenger.GetColumn<float>("Probability").ToArray());
        Assert.IsTrue(Enumerable.Range(0, n).Count(r => Math.Abs(championProbability[r] - challengerProbability[r]) > 0.05) > n / 4, "the two models answer differently");

        for (var r = 0; r < n; r++)
        {
            var response = await server.PostJsonAsync("/predict", Challenger.Request(r));
            var answer = await ScoringServer.JsonAsync(response);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.AreEqual("champion", (string?)answer["model"]);
            Assert.AreEqual(RolloutFolder.ChampionVersion, (string?)answer["modelVersion"]);
            Assert.AreEqual("champion", response.Headers.GetValues("X-Model").Single());
            Assert.AreEqual(RolloutFolder.ChampionVersion, response.Headers.GetValues("X-Model-Version").Single());
            Assert.AreEqual(championProbability[r], (float)answer["probability"]!, 1e-5f, "the champion's answer, never the challenger's");
        }
        await CaptureFolder.EventuallyAsync(async () => (await server.MetricsAsync())[Compared] == n, "the challenger scored every row");

        var metrics = await server.MetricsAsync();
        foreach (var model in new[] { "champion", "challenger" })
        {
            Assert.AreEqual(n, metrics[$"mlops_predictions_total{{model=\"{model}\",outcome=\"success\"}}"], model);
            Assert.AreEqual(n, metrics[$"mlops_prediction_duration_seconds_count{{model=\"{model}\"}}"], model);
            Assert.AreEqual(n, metrics[$"mlops_drift_window_rows{{model=\"{model}\"}}"], model);
        }
        Assert.AreEqual(2, metrics.Keys.Count(k => k.StartsWith("mlops_model_info{", StringComparison.Ordinal)));
        Assert.IsTrue(metrics.Keys.Any(k => k.StartsWith($"mlops_model_info{{model=\"champion\",version=\"{RolloutFolder.ChampionVersion}\"", StringComparison.Ordinal)));
        Assert.IsTrue(metrics.Keys.Any(k => k.StartsWith($"mlops_model_info{{model=\"challenger\",version=\"{RolloutFolder.ChallengerVersion}\"", StringComparison.Ordinal)));
        Assert.AreEqual(1, metrics["mlops_rollout_mode{mode=\"shadow\"}"]);
        Assert.AreEqual(0, metrics["mlops_rollout_mode{mode=\"off\"}"]);
        Assert.AreEqual(0, metrics["mlops_shadow_dropped_total"]);
        var championLabel = champion.GetColumn<bool>("PredictedLabel").ToArray();
        var challengerLabel = challenger.GetColumn<bool>("PredictedLabel").ToArray();
        var agreed = Enumerable.Range(0, n).Count(r => championLabel[r] == challengerLabel[r]);
        Assert.IsLessThan(n, agreed, "a weak champion disagrees somewhere");
        Assert.AreEqual(agreed, metrics["mlops_shadow_agreed_total"]);
        Assert.AreEqual((double)agreed / n, metrics["mlops_shadow_agreement_ratio"], 1e-12);
        Assert.IsFalse(metrics.Keys.Any(k => k.StartsWith("mlops_rollout_worse_by", StringComparison.Ordinal)), "no labels, no paired evidence");

        var rollout = await ScoringServer.JsonAsync(await server.Client.GetAsync("/rollout"));
        Assert.AreEqual("shadow", (string?)rollout["mode"]);
        Assert.AreEqual(0, (double)rollout["canaryPercent"]!);
        foreach (var (model, version, source) in new[] { ("challenger", RolloutFolder.ChallengerVersion, Challenger), ("champion", RolloutFolder.ChampionVersion, Champion) })
        {
            var m = rollout["models"]![model]!;
            Assert.AreEqual(version, (string?)m["version"]);
            Assert.AreEqual((string)JsonNode.Parse(File.ReadAllText(Path.Combine(source.Folder, "manifest.json")))!["modelSha256"]!, (string?)m["sha256"]);
            Assert.AreEqual(n, (long)m["scored"]!);
            Assert.AreEqual(0, (long)m["errors"]!);
            Assert.IsTrue((double)m["p99Seconds"]! is > 0 and < 1, m.ToJsonString());
            Assert.AreEqual(0, (long)m["labeledRows"]!);
            Assert.AreEqual(0, m["live"]!.AsObject().Count);
        }
        Assert.AreEqual(n, (long)rollout["agreement"]!["compared"]!);
        Assert.AreEqual(agreed, (long)rollout["agreement"]!["agreed"]!);
        Assert.AreEqual(0, (long)rollout["dropped"]!);
        Assert.IsNull(rollout["paired"]);
    }

    [TestMethod]
    public async Task LabelsGiveEachModelItsLiveMetricsAndThePairedEvidenceAndBothAnswersAreCaptured()
    {
        const int n = 150;
        using var folder = new RolloutFolder(Challenger, Champion);
        using var capture = new CaptureFolder();
        var metric = PairedComparison.MetricFor(Challenger.Schema,
            (string)JsonNode.Parse(File.ReadAllText(Path.Combine(Challenger.Folder, "manifest.json")))!["optimizingMetric"]!);
        JsonNode rollout;
        var server = await folder.StartAsync(capture.Setting);
        await using (server)
        {
            var answers = (await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict/batch",
                new JsonArray([.. Enumerable.Range(0, n).Select(r => (JsonNode)Challenger.Request(r))])))).AsArray();
            Assert.IsTrue(answers.All(a => (string?)a!["model"] == "champion"));
            await CaptureFolder.EventuallyAsync(async () => (await server.MetricsAsync())[Compared] == n, "the challenger scored every row");
            var feedback = new JsonArray([.. answers.Select((a, r) => (JsonNode)new JsonObject
            {
                ["predictionId"] = (string)a!["predictionId"]!, ["label"] = Challenger.Data.Column("target")[r],
            })]);
            Assert.AreEqual(n, (int)(await ScoringServer.JsonAsync(await server.PostJsonAsync("/feedback", feedback)))["joined"]!);

            var metrics = await server.MetricsAsync();
            Assert.AreEqual(n, metrics["mlops_live_labeled_rows{model=\"challenger\"}"]);
            Assert.AreEqual(n, metrics["mlops_live_labeled_rows{model=\"champion\"}"]);
            Assert.AreEqual(n, metrics["mlops_rollout_paired_rows"]);
            var live = (Challenger: metrics[$"mlops_live_metric{{model=\"challenger\",metric=\"{metric}\"}}"],
                Champion: metrics[$"mlops_live_metric{{model=\"champion\",metric=\"{metric}\"}}"]);
            var estimate = metrics[$"mlops_rollout_worse_by{{metric=\"{metric}\",bound=\"estimate\"}}"];
            Assert.AreEqual(MetricDirection.WorseBy(metric, live.Champion, live.Challenger), estimate, 1e-9, "the live metrics' difference");
            Assert.IsLessThan(0, estimate, $"the trained challenger is better than the shuffled-label champion ({live})");
            Assert.IsLessThan(0, metrics[$"mlops_rollout_worse_by{{metric=\"{metric}\",bound=\"upper\"}}"], "clearly better, at 95%");
            Assert.IsLessThanOrEqualTo(estimate, metrics[$"mlops_rollout_worse_by{{metric=\"{metric}\",bound=\"lower\"}}"]);

            rollout = await ScoringServer.JsonAsync(await server.Client.GetAsync("/rollout"));
            var paired = rollout["paired"]!;
            Assert.AreEqual(metric, (string?)paired["metric"]);
            Assert.AreEqual(n, (int)paired["rows"]!);
            Assert.AreEqual(estimate, (double)paired["worseBy"]!, 1e-12);
            Assert.AreEqual(0.95, (double)paired["confidence"]!);
            Assert.AreEqual(n, (long)rollout["models"]!["champion"]!["labeledRows"]!);
            Assert.AreEqual(live.Challenger, (double)rollout["models"]!["challenger"]!["live"]![metric]!, 1e-12);
            var at90 = await ScoringServer.JsonAsync(await server.Client.GetAsync("/rollout?confidence=0.9"));
            Assert.AreEqual(0.9, (double)at90["paired"]!["confidence"]!);
            Assert.IsLessThanOrEqualTo((double)paired["upper"]!, (double)at90["paired"]!["upper"]! + 1e-12, "a lower confidence, a tighter bound");
        }

        // Both answers are in each captured and labeled line; the labeled lines give the decision the same comparison.
        var captured = capture.Read("capture");
        var labeled = capture.Read("labeled");
        Assert.AreEqual(n, captured.RowCount);
        CollectionAssert.AreEqual(captured.ColumnNames.ToArray(), labeled.ColumnNames.ToArray());
        CollectionAssert.AreEqual(Core.Data.CaptureFiles.TwoModelColumns.ToArray(), captured.ColumnNames.TakeLast(5).ToArray());
        foreach (var table in new[] { captured, labeled })
            for (var r = 0; r < table.RowCount; r++)
            {
                Assert.AreEqual("champion", table.Column("mlops_model")[r]);
                Assert.AreEqual(RolloutFolder.ChampionVersion, table.Column("mlops_model_version")[r]);
                Assert.AreEqual(table.Column("mlops_prediction")[r], table.Column("mlops_champion_prediction")[r]);
                Assert.AreEqual(table.Column("mlops_score")[r], table.Column("mlops_champion_score")[r]);
                Assert.IsNotNull(table.Column("mlops_challenger_prediction")[r]);
                Assert.IsNotNull(table.Column("mlops_challenger_score")[r]);
            }
        float Cell(string column, int r) => float.Parse(labeled.Column(column)[r]!, CultureInfo.InvariantCulture);
        var rows = Enumerable.Range(0, labeled.RowCount).Select(r => new PairedRow(labeled.Column("target")[r]!,
            labeled.Column("mlops_champion_prediction")[r], Cell("mlops_champion_score", r),
            labeled.Column("mlops_challenger_prediction")[r], Cell("mlops_challenger_score", r))).ToList();
        var fromFiles = PairedComparison.Compare(Challenger.Schema, metric, rows)!;
        Assert.AreEqual(fromFiles.WorseBy, (double)rollout["paired"]!["worseBy"]!, 1e-9);
        Assert.AreEqual(fromFiles.Upper, (double)rollout["paired"]!["upper"]!, 1e-9);
        Assert.AreEqual(fromFiles.Lower, (double)rollout["paired"]!["lower"]!, 1e-9);
    }

    [TestMethod]
    public async Task CanaryGivesTheChallengerItsShareOfKeysAndKeepsEachKeyWithItsModel()
    {
        using var folder = new RolloutFolder(Challenger, Champion);
        var keys = Enumerable.Range(0, 2000).Select(i => $"customer-{i}").ToList();
        Dictionary<string, string> at10, at50;
        await using (var server = await folder.StartAsync("--MlOps:Rollout=canary:10"))
        {
            at10 = await RouteAsync(server, keys);
            var again = await RouteAsync(server, keys.Take(200).ToList());
            foreach (var (key, model) in again) Assert.AreEqual(at10[key], model, $"{key} is sticky");
            var metrics = await server.MetricsAsync();
            Assert.AreEqual(10, metrics["mlops_rollout_canary_percent"]);
            Assert.AreEqual(1, metrics["mlops_rollout_mode{mode=\"canary\"}"]);
        }
        await using (var server = await folder.StartAsync("--MlOps:Rollout=canary:50"))
            at50 = await RouteAsync(server, keys);

        double Share(Dictionary<string, string> routed) => routed.Values.Count(m => m == "challenger") / (double)routed.Count;
        Assert.IsTrue(Share(at10) is > 0.08 and < 0.12, $"10%: {Share(at10)}");
        Assert.IsTrue(Share(at50) is > 0.47 and < 0.53, $"50%: {Share(at50)}");
        foreach (var key in keys)
        {
            Assert.AreEqual(RolloutMode.Bucket(key) < 1000 ? "challenger" : "champion", at10[key], key);
            if (at10[key] == "challenger") Assert.AreEqual("challenger", at50[key], $"{key} stays on the challenger as the share grows");
        }
    }

    /// <summary>Each key's model, from /predict with X-Routing-Key (a few requests at a time).</summary>
    private static async Task<Dictionary<string, string>> RouteAsync(ScoringServer server, IReadOnlyList<string> keys)
    {
        using var parallel = new SemaphoreSlim(4);
        var routed = await Task.WhenAll(keys.Select(async (key, i) =>
        {
            await parallel.WaitAsync();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/predict")
                {
                    Content = new StringContent(Challenger.Request(i % 100).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Routing-Key", key);
                using var response = await server.Client.SendAsync(request);
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
                return (key, Model: response.Headers.GetValues("X-Model").Single());
            }
            finally { parallel.Release(); }
        }));
        return routed.ToDictionary(r => r.key, r => r.Model);
    }

    [TestMethod]
    public async Task TheRoutingColumnRoutesEachRowOfABatch()
    {
        using var folder = new RolloutFolder(Challenger, Champion);
        await using var server = await folder.StartAsync("--MlOps:Rollout=canary:50", "--MlOps:RoutingColumn=color");
        var answers = (await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict/batch",
            new JsonArray([.. Enumerable.Range(0, 60).Select(r => (JsonNode)Challenger.Request(r))])))).AsArray();
        for (var r = 0; r < answers.Count; r++)
        {
            var color = Challenger.Data.Column("color")[r]!;
            Assert.AreEqual(RolloutMode.Bucket(color) < 5000 ? "challenger" : "champion", (string?)answers[r]!["model"], $"row {r} ({color})");
        }
        await CaptureFolder.EventuallyAsync(async () => (await server.MetricsAsync())[Compared] == 60, "the other model scored every row");
    }

    [TestMethod]
    public async Task TheCardPageSaysWhichModelAnswers()
    {
        using var folder = new RolloutFolder(Challenger, Champion);
        const string card = "<!DOCTYPE html>\n<html><body class=\"card\"><h1>Model card</h1></body></html>\n";
        File.WriteAllText(Path.Combine(folder.Folder, Core.Artifacts.ArtifactFiles.ModelCardHtml), card);
        async Task<string> PageAsync(string mode)
        {
            await using var server = await folder.StartAsync($"--MlOps:Rollout={mode}");
            var response = await server.Client.GetAsync("/");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, mode);
            return await response.Content.ReadAsStringAsync();
        }

        // The card is the challenger's; the note, first in the body, says who answers in the running mode.
        var shadow = await PageAsync("shadow");
        StringAssert.StartsWith(shadow, "<!DOCTYPE html>\n<html><body class=\"card\"><p role=\"note\"");
        StringAssert.EndsWith(shadow, "<h1>Model card</h1></body></html>\n");
        StringAssert.Contains(shadow, $"MLOPS_ROLLOUT=shadow): the champion (version {RolloutFolder.ChampionVersion}) answers every request, " +
            $"and this card&#39;s model, the challenger (version {RolloutFolder.ChallengerVersion}), scores each one in the background.");
        StringAssert.Contains(await PageAsync("canary:12.5"), "the challenger (version 1.5.0), answers 12.5% of routing keys and the champion (version 1.4.0) the rest");
        StringAssert.Contains(await PageAsync("champion"), "the champion (version 1.4.0) answers every request; this card&#39;s model, the challenger (version 1.5.0), does not score");
        Assert.AreEqual(card, await PageAsync("off"), "one model: the card as the build wrote it");
    }

    [TestMethod]
    public async Task ChampionModeIsTheRollbackSwitch()
    {
        using var folder = new RolloutFolder(Challenger, Champion);
        await using var server = await folder.StartAsync("--MlOps:Rollout=champion");
        for (var r = 0; r < 10; r++)
            Assert.AreEqual("champion", (string?)(await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", Challenger.Request(r))))["model"]);
        await Task.Delay(200); // a background model would have scored by now
        var metrics = await server.MetricsAsync();
        Assert.AreEqual(10, metrics["mlops_predictions_total{model=\"champion\",outcome=\"success\"}"]);
        Assert.AreEqual(0, metrics["mlops_predictions_total{model=\"challenger\",outcome=\"success\"}"], "nobody scores in the background");
        Assert.AreEqual(0, metrics[Compared]);
        Assert.AreEqual(1, metrics["mlops_rollout_mode{mode=\"champion\"}"]);
    }

    [TestMethod]
    public async Task OffIgnoresTheChampion()
    {
        using var folder = new RolloutFolder(Challenger, Champion);
        using var capture = new CaptureFolder();
        var server = await folder.StartAsync("--MlOps:Rollout=off", capture.Setting);
        await using (server)
        {
            var response = await server.PostJsonAsync("/predict", Challenger.Request(0));
            var answer = await ScoringServer.JsonAsync(response);
            Assert.AreEqual("challenger", (string?)answer["model"]);
            Assert.AreEqual(RolloutFolder.ChallengerVersion, (string?)answer["modelVersion"]);
            var metrics = await server.MetricsAsync();
            Assert.AreEqual(1, metrics.Keys.Count(k => k.StartsWith("mlops_model_info{model=\"challenger\"", StringComparison.Ordinal)));
            Assert.IsFalse(metrics.Keys.Any(k => k.Contains("model=\"champion\"", StringComparison.Ordinal)), "no champion series");
            var rollout = await ScoringServer.JsonAsync(await server.Client.GetAsync("/rollout"));
            Assert.AreEqual("off", (string?)rollout["mode"]);
            CollectionAssert.AreEqual(new[] { "challenger" }, rollout["models"]!.AsObject().Select(m => m.Key).ToArray());
        }
        var captured = capture.Read("capture");
        Assert.AreEqual(1, captured.RowCount);
        Assert.IsFalse(captured.ColumnNames.Contains("mlops_model"), "a one-model image's format");
    }

    [TestMethod]
    public async Task AFullQueueDropsRowsForTheOtherModelAndNeverDelaysTheAnswer()
    {
        const int n = 20;
        using var folder = new RolloutFolder(Challenger, Champion);
        using var capture = new CaptureFolder();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await ScoringServer.StartAsync(folder.Folder, modelVersion: RolloutFolder.ChallengerVersion,
            settings: ["--MlOps:ShadowQueue=2", capture.Setting], services: s => s.AddSingleton(new ShadowScorer.Tuning(() => gate.Task)));
        await using (server)
        {
            var expected = Champion.ScoreInProcess(n).GetColumn<float>("Probability").ToArray();
            var response = await server.PostJsonAsync("/predict/batch", new JsonArray([.. Enumerable.Range(0, n).Select(r => (JsonNode)Challenger.Request(r))]));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, "answered while the background worker is held");
            var answers = (await ScoringServer.JsonAsync(response)).AsArray();
            for (var r = 0; r < n; r++) Assert.AreEqual(expected[r], (float)answers[r]!["probability"]!, 1e-5f);
            var metrics = await server.MetricsAsync();
            Assert.AreEqual(n - 2, metrics["mlops_shadow_dropped_total"], "the queue holds 2 rows");
            Assert.AreEqual(0, metrics[Compared]);
            gate.SetResult();
            await CaptureFolder.EventuallyAsync(async () => (await server.MetricsAsync())[Compared] == 2, "the queued rows are scored once the worker runs");
            var rollout = await ScoringServer.JsonAsync(await server.Client.GetAsync("/rollout"));
            Assert.AreEqual(n - 2, (long)rollout["dropped"]!);
            Assert.AreEqual(2, (long)rollout["models"]!["challenger"]!["scored"]!);
        }
        var captured = capture.Read("capture");
        Assert.AreEqual(n, captured.RowCount, "a dropped row is captured with the answer alone");
        Assert.AreEqual(2, captured.Column("mlops_challenger_prediction").Count(c => c is not null));
        Assert.AreEqual(n, captured.Column("mlops_champion_prediction").Count(c => c is not null));
    }

    [TestMethod]
    public async Task ABadRolloutSettingOrChampionStopsTheStart()
    {
        using var folder = new RolloutFolder(Challenger, Champion);
        using var misfit = new RolloutFolder(Challenger, TrainedModel.For(MlTask.Regression));
        void Refused(string model, string code, string? contains, params string[] settings)
        {
            var e = Assert.ThrowsExactly<MlOpsException>(() => ScoringHost.Build(settings, model, null, null), string.Join(' ', settings));
            Assert.AreEqual(code, e.Code, e.Message);
            if (contains is not null) StringAssert.Contains(e.Message, contains);
        }
        Refused(Challenger.Folder, ErrorCodes.RolloutNoChampion, "no champion", "--MlOps:Rollout=shadow");
        Refused(Challenger.Folder, ErrorCodes.RolloutNoChampion, null, "--MlOps:Rollout=canary:5");
        Refused(folder.Folder, ErrorCodes.RolloutRoutingColumnUnknown, "'customer_id'", "--MlOps:RoutingColumn=customer_id");
        Refused(misfit.Folder, ErrorCodes.RolloutChampionMismatch, "Regression");
        foreach (var bad in new[] { "canary:150", "canary", "canary:ten", "blue", "shadow:5", "1" })
            Refused(folder.Folder, ErrorCodes.ServingInvalidSetting, "MLOPS_ROLLOUT", $"--MlOps:Rollout={bad}");
        Refused(folder.Folder, ErrorCodes.ServingInvalidSetting, "MLOPS_ROLLOUT_CONFIDENCE", "--MlOps:RolloutConfidence=0.5");
        Refused(folder.Folder, ErrorCodes.ServingInvalidSetting, "MLOPS_SHADOW_QUEUE", "--MlOps:ShadowQueue=0");
        // The off switch never reads the champion, so a misfit champion cannot block it.
        await using var off = await ScoringServer.StartAsync(misfit.Folder, settings: ["--MlOps:Rollout=off"]);
        Assert.AreEqual("challenger", (string?)(await ScoringServer.JsonAsync(await off.PostJsonAsync("/predict", Challenger.Request(0))))["model"]);
    }

    [TestMethod]
    public async Task RolloutRefusesAConfidenceOutsideHalfToOne()
    {
        using var folder = new RolloutFolder(Challenger, Champion);
        await using var server = await folder.StartAsync();
        foreach (var bad in new[] { "2", "0.5", "1", "abc", "NaN" })
        {
            var response = await server.Client.GetAsync($"/rollout?confidence={bad}");
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, bad);
            Assert.AreEqual(ErrorCodes.RolloutConfidenceInvalid, (string?)(await ScoringServer.JsonAsync(response))["code"], bad);
        }
        Assert.AreEqual(HttpStatusCode.OK, (await server.Client.GetAsync("/rollout?confidence=0.9")).StatusCode);
        var openApi = await ScoringServer.JsonAsync(await server.Client.GetAsync("/openapi.json"));
        Assert.IsNotNull(openApi["paths"]!["/rollout"]!["get"]);
        var prediction = openApi["components"]!["schemas"]!["Prediction"]!["properties"]!;
        Assert.IsNotNull(prediction["model"]);
        Assert.IsNotNull(prediction["modelVersion"]);
    }
}
