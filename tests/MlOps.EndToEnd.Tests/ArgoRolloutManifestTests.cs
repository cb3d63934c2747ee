using k8s;
using k8s.Models;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Tests.Shared;
using MlOps.Tool;
using MlOps.Tool.Rollout;
using YamlDotNet.RepresentationModel;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// MlOpsRollout=ArgoRollouts (docs/rollout.md, "Kubernetes"): the Rollout and AnalysisTemplate the deploy command
/// writes are valid against Argo Rollouts' CRD schemas (/work/shared/k8s), the Rollout's pod template is the
/// Deployment's (read strictly as a V1PodTemplateSpec, Pod Security restricted) with MLOPS_ROLLOUT=canary:100, the HPA
/// scales the Rollout; and the schema check itself fails on a wrong type, an unknown field and a missing field.
/// No dotnet command: DeployCommand.Manifests in process.
/// </summary>
[TestClass]
public sealed class ArgoRolloutManifestTests
{
    private static readonly string Crds = Path.Combine(Repo.Root(), "..", "shared", "k8s");
    private static readonly CrdSchema RolloutCrd = CrdSchema.Load(Path.Combine(Crds, "argo-rollouts-rollout-crd.yaml"), "v1alpha1");
    private static readonly CrdSchema AnalysisCrd = CrdSchema.Load(Path.Combine(Crds, "argo-rollouts-analysis-template-crd.yaml"), "v1alpha1");

    private static readonly RolloutSettings Argo = new("shadow", RolloutKind.ArgoRollouts, [10, 50, 100], "5m", "http://prometheus.monitoring:9090", 0.02, 0.01);

    private static Dictionary<string, string> Manifests(RolloutSettings settings) =>
        DeployCommand.Manifests("houses", "localhost:5000/houses@sha256:0123", 256, new HardenedContainer(96), settings, "houses-job");

    [TestMethod]
    public void TheRolloutAndItsAnalysisTemplateMatchTheCrds()
    {
        var files = Manifests(Argo);

        CollectionAssert.AreEquivalent(new[] { "rollout.yaml", "analysis-template.yaml", "service.yaml", "hpa.yaml" }, files.Keys.ToArray(), "no deployment.yaml");
        CollectionAssert.AreEqual(Array.Empty<string>(), RolloutCrd.Violations(files["rollout.yaml"]).ToArray(), files["rollout.yaml"]);
        CollectionAssert.AreEqual(Array.Empty<string>(), AnalysisCrd.Violations(files["analysis-template.yaml"]).ToArray(), files["analysis-template.yaml"]);

        var rollout = CrdSchema.Parse(files["rollout.yaml"]);
        var canary = Node(rollout, "spec", "strategy", "canary");
        var steps = ((YamlSequenceNode)canary["steps"]).Cast<YamlMappingNode>().Select(s => s.Children.Single()).Select(s => $"{s.Key}={(s.Value is YamlMappingNode m ? m["duration"] : s.Value)}");
        CollectionAssert.AreEqual(new[] { "setWeight=10", "pause=5m", "setWeight=50", "pause=5m", "setWeight=100", "pause=5m" }, steps.ToArray());
        Assert.AreEqual("houses", ((YamlScalarNode)Node(canary, "analysis")["templates"][0]["templateName"]).Value);

        var hpa = KubernetesManifests.Load<V2HorizontalPodAutoscaler>(files["hpa.yaml"]);
        Assert.AreEqual(("argoproj.io/v1alpha1", "Rollout", "houses"), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
    }

    [TestMethod]
    public void TheRolloutsPodTemplateIsTheDeploymentsWithTheCanaryMode()
    {
        var template = CrdSchema.Text(Node(CrdSchema.Parse(Manifests(Argo)["rollout.yaml"]), "spec", "template"));
        var pod = KubernetesYaml.Deserialize<V1PodTemplateSpec>(template, strict: true);
        CollectionAssert.AreEqual(Array.Empty<string>(), PodSecurity.RestrictedViolations(pod.Spec).ToArray());
        var env = pod.Spec.Containers.Single().Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.AreEqual("canary:100", env["MLOPS_ROLLOUT"], "new pods: the challenger answers, the champion scores in the background");
        Assert.AreEqual("8080", env["ASPNETCORE_HTTP_PORTS"]);

        // The Deployment of the same image run in canary:100 has the very same template.
        var deployment = Manifests(Argo with { Kind = RolloutKind.Deployment, Mode = "canary:100" })["deployment.yaml"];
        Assert.AreEqual(template, CrdSchema.Text(Node(CrdSchema.Parse(deployment), "spec", "template")));
    }

    [TestMethod]
    public void ThePodsRunAsTheImagesUser()
    {
        // ContainerUser of the model project (uid:gid), passed to the deploy command as User.
        var files = DeployCommand.Manifests("houses", "localhost:5000/houses@sha256:0123", 256, new HardenedContainer(96).AsUser("1000:2000"), Argo with { Kind = RolloutKind.Deployment }, "houses-job");
        var pod = KubernetesManifests.Load<V1Deployment>(files["deployment.yaml"]).Spec.Template.Spec;
        Assert.AreEqual((1000L, 2000L), (pod.SecurityContext.RunAsUser, pod.SecurityContext.RunAsGroup));
        CollectionAssert.AreEqual(Array.Empty<string>(), PodSecurity.RestrictedViolations(pod).ToArray());
        var byDefault = KubernetesManifests.Load<V1Deployment>(Manifests(Argo with { Kind = RolloutKind.Deployment })["deployment.yaml"]).Spec.Template.Spec;
        Assert.AreEqual(1654L, byDefault.SecurityContext.RunAsUser, "the .NET images' app user");
    }

    [TestMethod]
    public void TheDeploymentRunsTheConfiguredModeAndTheHpaScalesIt()
    {
        var files = Manifests(Argo with { Kind = RolloutKind.Deployment });
        CollectionAssert.AreEquivalent(new[] { "deployment.yaml", "service.yaml", "hpa.yaml" }, files.Keys.ToArray());
        var deployment = KubernetesManifests.Load<V1Deployment>(files["deployment.yaml"]);
        Assert.AreEqual("shadow", deployment.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "MLOPS_ROLLOUT").Value);
        var hpa = KubernetesManifests.Load<V2HorizontalPodAutoscaler>(files["hpa.yaml"]);
        Assert.AreEqual(("apps/v1", "Deployment"), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind));
    }

    [TestMethod]
    public void TheAnalysisQueriesTheRolloutMetricsAgainstTheBounds()
    {
        var metrics = ((YamlSequenceNode)Node(CrdSchema.Parse(Manifests(Argo)["analysis-template.yaml"]), "spec")["metrics"]).Cast<YamlMappingNode>()
            .ToDictionary(m => ((YamlScalarNode)m["name"]).Value!);
        var worse = metrics["challenger-not-worse"];
        var prometheus = Node(worse, "provider", "prometheus");
        Assert.AreEqual("http://prometheus.monitoring:9090", ((YamlScalarNode)prometheus["address"]).Value);
        Assert.AreEqual("max(mlops_rollout_worse_by{job=\"houses-job\",bound=\"upper\"})", ((YamlScalarNode)prometheus["query"]).Value);
        Assert.AreEqual("len(result) > 0 && result[0] <= 0.02", ((YamlScalarNode)worse["successCondition"]).Value);
        Assert.AreEqual("len(result) > 0 && result[0] > 0.02", ((YamlScalarNode)worse["failureCondition"]).Value);

        var errors = metrics["challenger-error-rate"];
        var query = ((YamlScalarNode)Node(errors, "provider", "prometheus")["query"]).Value!;
        StringAssert.Contains(query, "mlops_predictions_total{job=\"houses-job\",model=\"challenger\",outcome=\"server_error\"}");
        Assert.AreEqual("len(result) > 0 && result[0] <= 0.01", ((YamlScalarNode)errors["successCondition"]).Value);
        foreach (var metric in metrics.Values)
            Assert.AreEqual(("1m", "10", "2", "5m"), (Text(metric, "interval"), Text(metric, "count"), Text(metric, "failureLimit"), Text(metric, "initialDelay")));
    }

    [TestMethod]
    [DataRow("setWeight: 50", "setWeight: \"fifty\"", "$.spec.strategy.canary.steps[2].setWeight: expected integer, found string")]
    [DataRow("      steps:", "      stepz:", "$.spec.strategy.canary.stepz: unknown field")]
    [DataRow("replicas: 2", "replicas: two", "$.spec.replicas: expected integer, found string")]
    [DataRow("duration: 5m", "duration: [5m]", "$.spec.strategy.canary.steps[1].pause.duration: expected an integer or a string")]
    [DataRow("kind: Rollout", "kind: Deployment", "$: expected argoproj.io/v1alpha1 Rollout")]
    public void ABrokenRolloutIsReported(string from, string to, string violation)
    {
        var rollout = Manifests(Argo)["rollout.yaml"];
        StringAssert.Contains(rollout, from);
        var violations = RolloutCrd.Violations(rollout.Replace(from, to, StringComparison.Ordinal));
        Assert.IsTrue(violations.Any(v => v.StartsWith(violation, StringComparison.Ordinal)), string.Join("\n", violations));
    }

    [TestMethod]
    public void AnAnalysisMetricWithoutItsProviderIsReported()
    {
        var template = Manifests(Argo)["analysis-template.yaml"];
        var broken = string.Join('\n', template.Split('\n').Where(l => !l.Contains("provider:", StringComparison.Ordinal)
            && !l.Contains("prometheus:", StringComparison.Ordinal) && !l.Contains("address:", StringComparison.Ordinal) && !l.Contains("query:", StringComparison.Ordinal)));
        CollectionAssert.Contains(AnalysisCrd.Violations(broken).ToArray(), "$.spec.metrics[0]: missing required field 'provider'");
        // A misplaced key is an unknown field, not silently dropped.
        var misplaced = template.Replace("      interval: 1m", "      intervall: 1m", StringComparison.Ordinal);
        CollectionAssert.Contains(AnalysisCrd.Violations(misplaced).ToArray(), "$.spec.metrics[0].intervall: unknown field");
    }

    private static YamlMappingNode Node(YamlMappingNode root, params string[] path) =>
        path.Aggregate(root, (node, key) => (YamlMappingNode)node[key]);

    private static string? Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
