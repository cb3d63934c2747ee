using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// Safe rollout end to end, as a team runs it, on the project's own loopback registry and dockerd:
/// v1 is published and promoted to `production`. The world changes (prices rise by half); v2 is trained on the new
/// prices and published with v1 baked in as the champion. Its image runs as deployment.yaml runs it (shadow): the
/// champion answers, both models are measured and compared. Feedback decides: too little is a hold, the new prices make
/// the challenger better (promote; `production` moves to v2's digests); in a canary, old prices make it worse
/// (roll back; `production` is v1's digests again). Canary shares and sticky routing are checked on the real image.
/// </summary>
[TestClass]
public sealed class RolloutLoopTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [TestMethod]
    public async Task ShadowEvidenceDecidesPromotionThenCanaryEvidenceRollsBack()
    {
        var state = TempFolders.New("rollout-state");
        var dockerd = new Dockerd(state);
        using var registry = LocalRegistry.Start(state);
        var baseImage = registry.PushBaseImage();
        var env = new Dictionary<string, string> { ["MLOPS_CONTAINERS_STATE"] = state };
        try
        {
            // v1, published and promoted: production = v1 in the image and the model artifact repositories.
            var model = ModelProject.CreateSynthetic("rollout", rows: 400, seed: 1);
            model.Set("Version", "1.0.0").Set("MlOpsMaxTrials", "4").Set("MlOpsModelRegistry", $"{registry.Address}/models/rollout")
                 .Set("ContainerRegistry", registry.Address).Set("ContainerRepository", "rollout").Set("ContainerBaseImage", baseImage);
            SdkFeed.WriteNuGetConfig(model.Directory);
            using var terminal = Terminal.Start(model.Directory, env);
            BuildAssert.Succeeded(Publish(model, env));
            var promoted = Msbuild(terminal, model, "MlOpsPromote");
            BuildAssert.Succeeded(promoted);
            var v1 = Digests(registry, "1.0.0");
            // What the terminal shows: each verified move, image and model artifact.
            StringAssert.Contains(promoted.Output, $"{registry.Address}/rollout: production (none) -> {v1.Image[7..19]} (verified)", promoted.Output);
            StringAssert.Contains(promoted.Output, $"{registry.Address}/models/rollout: production (none) -> {v1.Artifact[7..19]} (verified)", promoted.Output);
            Assert.AreEqual(v1, Digests(registry, "production"), "production is v1 after the first promotion");

            // v2: trained on the new prices, with v1 (its model artifact, digest-verified) baked in beside it.
            model.WriteData("data/train.csv", Prices(rows: 400, seed: 1, factor: 1.5));
            model.Set("Version", "1.1.0").Set("MlOpsBaselineModel", $"oci:{registry.Address}/models/rollout:1.0.0").Set("MlOpsMaxRegression", "0.02").Set("MlOpsMinLabeledRows", "100").Set("MlOpsUpdateSchema", "true");
            var published = Publish(model, env);
            BuildAssert.Succeeded(published);
            StringAssert.Contains(published.Output, "champion 1.0.0", published.Output);
            var v2 = Digests(registry, "1.1.0");

            var deployment = KubernetesManifests.LoadFile<V1Deployment>(Path.Combine(model.Directory, "bin", "Debug", "net10.0", "publish", "k8s", "deployment.yaml"));
            Assert.AreEqual("shadow", deployment.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "MLOPS_ROLLOUT").Value);
            var port = ProcessProbe.FreeLoopbackPort();
            var run = DeploymentAsDockerRun.From(deployment, port);
            dockerd.Docker("pull", run.Image);
            var url = $"http://127.0.0.1:{port}";

            // Shadow: the champion answers; too little feedback is a hold that says how many more rows it needs.
            var name = Start(dockerd, run, url);
            try
            {
                var answers = Score(url, Prices(rows: 40, seed: 21, factor: 1.5));
                Assert.IsTrue(answers.All(a => (string?)a["model"] == "champion" && (string?)a["modelVersion"] == "1.0.0"), "the champion answers in shadow");
                var evidence = await RolloutAsync(url, r => (long)r["agreement"]!["compared"]! >= 40);
                Assert.AreEqual(40, (long)evidence["models"]!["challenger"]!["scored"]!, evidence.ToJsonString());
                Assert.IsTrue((double)evidence["agreement"]!["ratio"]! < 1, "the models answer differently: " + evidence.ToJsonString());
                var hold = Msbuild(terminal, model, "MlOpsRolloutDecision", $"-p:MlOpsRolloutEvidence={url}");
                Assert.AreEqual(1, hold.ExitCode, hold.Output);
                StringAssert.Contains(hold.Output, "MLOPS4021", hold.Output);
                StringAssert.Contains(hold.Output, "more", hold.Output);

                // The new prices come back: the challenger is better on the same rows, so promote.
                Score(url, Prices(rows: 200, seed: 22, factor: 1.5));
                await RolloutAsync(url, r => r["paired"] is JsonObject p && (long)p["rows"]! >= 200);
                var promote = Msbuild(terminal, model, "MlOpsRolloutDecision", $"-p:MlOpsRolloutEvidence={url}");
                BuildAssert.Succeeded(promote);
                StringAssert.Contains(promote.Output, "rollout decision: promote", promote.Output);
                var metrics = await Http.GetStringAsync(url + "/metrics");
                StringAssert.Contains(metrics, "mlops_live_metric{model=\"champion\",metric=\"RSquared\"}", metrics);
                StringAssert.Contains(metrics, "mlops_rollout_worse_by{metric=\"RSquared\",bound=\"upper\"}", metrics);
            }
            finally { Stop(dockerd, name); }
            BuildAssert.Succeeded(Msbuild(terminal, model, "MlOpsPromote"));
            Assert.AreEqual(v2, Digests(registry, "production"), "promotion moves production to v2's digests");
            Assert.AreEqual(v1, Digests(registry, "production-previous"), "and keeps v1's for rollback");

            // Canary at 30%: shares and sticky routing on the real image; then old prices make the challenger worse.
            name = Start(dockerd, run, url, "MLOPS_ROLLOUT=canary:30");
            try
            {
                var first = Enumerable.Range(0, 600).Select(k => ModelFor(url, $"customer-{k}")).ToList();
                var share = first.Count(m => m == "challenger") / 600.0;
                Assert.IsTrue(share is > 0.25 and < 0.35, $"challenger share {share:0.000} of 600 routing keys at canary:30");
                var again = Enumerable.Range(0, 600).Select(k => ModelFor(url, $"customer-{k}")).ToList();
                CollectionAssert.AreEqual(first, again, "a routing key meets the same model every time");

                Score(url, Prices(rows: 250, seed: 23, factor: 1.0));
                await RolloutAsync(url, r => r["paired"] is JsonObject p && (long)p["rows"]! >= 250);
                var rollback = Msbuild(terminal, model, "MlOpsRolloutDecision", $"-p:MlOpsRolloutEvidence={url}");
                Assert.AreEqual(1, rollback.ExitCode, rollback.Output);
                StringAssert.Contains(rollback.Output, "MLOPS4022", rollback.Output);
            }
            finally { Stop(dockerd, name); }
            var rolledBack = Msbuild(terminal, model, "MlOpsRollback");
            BuildAssert.Succeeded(rolledBack);
            Assert.AreEqual(v1, Digests(registry, "production"), "rollback restores v1's digests");
            StringAssert.Contains(rolledBack.Output, $"{registry.Address}/rollout: production {v2.Image[7..19]} -> {v1.Image[7..19]} (verified)", rolledBack.Output);

            // Each decision is in the challenger's lineage.
            var decisions = File.ReadAllLines(model.OutputFile("rollout-decisions.jsonl"));
            CollectionAssert.AreEqual(new[] { "hold", "promote", "rollback" },
                decisions.Select(l => (string?)JsonNode.Parse(l)!["decision"]).ToArray(), string.Join("\n", decisions));
        }
        finally
        {
            dockerd.Stop();
        }
    }

    /// <summary>Synthetic house prices with every price scaled: the world before (1.0) and after (1.5) prices rose.</summary>
    private static string Prices(int rows, int seed, double factor)
    {
        var table = CsvRows.Read(new StringReader(SyntheticData.HousePrices(rows, seed)), ',', "prices");
        var price = table.Header.ToList().IndexOf("price");
        var csv = new StringBuilder(string.Join(',', table.Header)).Append('\n');
        foreach (var cells in table.Rows)
        {
            cells[price] = (double.Parse(cells[price]!, CultureInfo.InvariantCulture) * factor).ToString("0.00", CultureInfo.InvariantCulture);
            csv.Append(string.Join(',', cells)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>The image and the model artifact digests a tag names, read from the registry.</summary>
    private static (string Image, string Artifact) Digests(LocalRegistry registry, string tag) =>
        (ManifestDigest(registry, "rollout", tag), ManifestDigest(registry, "models/rollout", tag));

    private static string ManifestDigest(LocalRegistry registry, string repository, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"{registry.ApiBase}{repository}/manifests/{tag}");
        foreach (var type in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json" })
            request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue(type));
        using var response = Http.Send(request);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{repository}:{tag}");
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private static string Start(Dockerd dockerd, DeploymentAsDockerRun run, string url, params string[] environment)
    {
        var name = "mlops-rollout-" + Guid.NewGuid().ToString("N")[..10];
        dockerd.Docker(["run", "-d", "--name", name, .. run.Arguments, .. environment.SelectMany(e => new[] { "-e", e }), run.Image]);
        dockerd.WaitUntilReady(url, name);
        return name;
    }

    private static void Stop(Dockerd dockerd, string name)
    {
        dockerd.Docker("stop", "-t", "20", name);
        Console.WriteLine(dockerd.Docker("logs", name));
        dockerd.Docker("rm", "-f", name);
    }

    /// <summary>Which model answers one row for a routing key.</summary>
    private static string ModelFor(string url, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "/predict")
        {
            Content = new StringContent("""{"size": 120, "rooms": 3, "city": "Lyon"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Routing-Key", key);
        using var response = Http.Send(request);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Model").Single();
    }

    /// <summary>GET /rollout until <paramref name="done"/> holds (60 s at most).</summary>
    private static async Task<JsonObject> RolloutAsync(string url, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rollout = JsonNode.Parse(await Http.GetStringAsync(url + "/rollout"))!.AsObject();
            if (done(rollout)) return rollout;
            if (DateTime.UtcNow > deadline) Assert.Fail("GET /rollout after 60 s: " + rollout.ToJsonString());
            await Task.Delay(250);
        }
    }

    /// <summary>Posts the rows (price left out) as one batch, then each row's price as its /feedback label; returns the answers.</summary>
    private static List<JsonObject> Score(string url, string csv)
    {
        var table = CsvRows.Read(new StringReader(csv), ',', "traffic");
        var price = table.Header.ToList().IndexOf("price");
        var rows = new JsonArray([.. table.Rows.Select(cells => (JsonNode)new JsonObject(table.Header.Select((h, i) => (h, i)).Where(x => x.i != price)
            .Select(x => KeyValuePair.Create(x.h, (JsonNode?)(double.TryParse(cells[x.i], CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(cells[x.i])))))) ]);
        var before = Background(RolloutAsync(url, _ => true).Result);
        var answers = JsonNode.Parse(Post(url + "/predict/batch", rows.ToJsonString()))!.AsArray().Select(a => a!.AsObject()).ToList();
        // Ground truth comes later than the background model's answer, as it does in production (minutes to days, not
        // the milliseconds of a test): a label that beats it is evidence for the answering model only (docs/rollout.md).
        _ = RolloutAsync(url, r => Background(r) >= before + answers.Count).Result;
        var feedback = new JsonArray([.. answers.Select((a, r) => (JsonNode)new JsonObject
        {
            ["predictionId"] = (string?)a["predictionId"],
            ["label"] = double.Parse(table.Rows[r][price]!, CultureInfo.InvariantCulture),
        })]);
        Post(url + "/feedback", feedback.ToJsonString());
        return answers;
    }

    /// <summary>Rows the model that did not answer has dealt with: scored (compared) or dropped.</summary>
    private static long Background(JsonObject rollout) => (long)rollout["agreement"]!["compared"]! + (long)rollout["dropped"]!;

    private static string Post(string url, string json)
    {
        using var response = Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json")).Result;
        var body = response.Content.ReadAsStringAsync().Result;
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{url}: {body}");
        return body;
    }

    private static CommandResult Publish(ModelProject model, Dictionary<string, string> env)
    {
        model.Save();
        return DotNet.Run(model.Directory, ["publish", "-c", "Debug", "-nodeReuse:false", "-tl:off"], env, TimeSpan.FromMinutes(5));
    }

    /// <summary>The rollout commands as a user types them: in a terminal, with .NET's default terminal logger; the result
    /// is what the screen shows.</summary>
    private static CommandResult Msbuild(Terminal terminal, ModelProject model, string target, params string[] properties)
    {
        model.Save();
        return terminal.Type(string.Join(' ', ["dotnet", "msbuild", $"-t:{target}", .. properties]), TimeSpan.FromMinutes(3));
    }
}
