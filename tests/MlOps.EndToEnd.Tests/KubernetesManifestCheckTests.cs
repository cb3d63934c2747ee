using k8s.Models;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// The checks PublishTests apply to the manifests `dotnet publish` writes can fail: strict reading rejects a misspelt
/// or misplaced field, the Pod Security check names what "restricted" forbids, and the docker run derived from a
/// deployment follows its settings. No dotnet command: an inline restricted deployment and its mutations.
/// </summary>
[TestClass]
public sealed class KubernetesManifestCheckTests
{
    private const string Restricted = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: houses
        spec:
          selector:
            matchLabels:
              app: houses
          template:
            metadata:
              labels:
                app: houses
            spec:
              securityContext:
                runAsNonRoot: true
                runAsUser: 1654
                runAsGroup: 1654
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: scoring
                  image: localhost:5000/houses@sha256:0123
                  ports:
                    - containerPort: 8080
                  env:
                    - name: ASPNETCORE_HTTP_PORTS
                      value: "8080"
                  resources:
                    limits:
                      memory: 256Mi
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities:
                      drop: ["ALL"]
                  volumeMounts:
                    - name: tmp
                      mountPath: /tmp
              volumes:
                - name: tmp
                  emptyDir:
                    sizeLimit: 96Mi
        """;

    [TestMethod]
    public void TheRestrictedDeploymentLoadsAndPasses()
    {
        var deployment = KubernetesManifests.Load<V1Deployment>(Restricted);
        Assert.AreEqual(96L * 1024 * 1024, deployment.Spec.Template.Spec.Volumes[0].EmptyDir.SizeLimit.ToInt64());
        CollectionAssert.AreEqual(Array.Empty<string>(), PodSecurity.RestrictedViolations(deployment.Spec.Template.Spec).ToArray());
    }

    [TestMethod]
    [DataRow("readOnlyRootFilesystem", "readOnlyRootFileSystem")]
    [DataRow("sizeLimit", "sizelimit")]
    [DataRow("matchLabels", "matchLabel")]
    [DataRow("runAsNonRoot: true", "runAsNonroot: true")]
    public void AMisspeltFieldFailsNamingIt(string field, string typo)
    {
        StringAssert.Contains(Restricted, field);
        var error = Assert.Throws<Exception>(() => KubernetesManifests.Load<V1Deployment>(Restricted.Replace(field, typo, StringComparison.Ordinal)));
        StringAssert.Contains(error.Message, typo.Split(':')[0]);
    }

    [TestMethod]
    public void AFieldAtTheWrongLevelOrAnotherKindFails()
    {
        // runAsNonRoot belongs to a securityContext, not to the pod spec itself.
        var misplaced = Restricted.Replace("      containers:", "      runAsNonRoot: true\n      containers:", StringComparison.Ordinal);
        StringAssert.Contains(Assert.Throws<Exception>(() => KubernetesManifests.Load<V1Deployment>(misplaced)).Message, "runAsNonRoot");
        var statefulSet = Restricted.Replace("kind: Deployment", "kind: StatefulSet", StringComparison.Ordinal);
        StringAssert.Contains(Assert.Throws<FormatException>(() => KubernetesManifests.Load<V1Deployment>(statefulSet)).Message, "StatefulSet");
        Assert.Throws<Exception>(() => KubernetesManifests.Load<V1Deployment>(Restricted.Replace("runAsUser: 1654", "runAsUser: app", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("        seccompProfile:\n          type: RuntimeDefault\n", "", "seccompProfile")]
    [DataRow("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", "allowPrivilegeEscalation")]
    [DataRow("drop: [\"ALL\"]", "drop: [\"NET_RAW\"]", "capabilities.drop")]
    [DataRow("runAsNonRoot: true", "runAsNonRoot: false", "runAsNonRoot")]
    [DataRow("emptyDir:\n            sizeLimit: 96Mi", "hostPath:\n            path: /var", "hostPath")]
    public void PodSecurityRestrictedNamesWhatItForbids(string from, string to, string violation)
    {
        StringAssert.Contains(Restricted, from);
        var pod = KubernetesManifests.Load<V1Deployment>(Restricted.Replace(from, to, StringComparison.Ordinal)).Spec.Template.Spec;
        var violations = PodSecurity.RestrictedViolations(pod);
        Assert.IsTrue(violations.Any(v => v.Contains(violation, StringComparison.Ordinal)), string.Join("\n", violations));
    }

    [TestMethod]
    public void TheDockerRunFollowsTheManifest()
    {
        var hardened = DeploymentAsDockerRun.From(KubernetesManifests.Load<V1Deployment>(Restricted), 5099);
        Assert.AreEqual("localhost:5000/houses@sha256:0123", hardened.Image);
        CollectionAssert.AreEqual(new[]
        {
            "--read-only", "--tmpfs", "/tmp:rw,size=100663296,mode=1777", "--user", "1654:1654", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "-e", "ASPNETCORE_HTTP_PORTS=8080", "--memory", "268435456", "-p", "127.0.0.1:5099:8080",
        }, hardened.Arguments.ToArray());

        // Loosen the manifest and the run loosens with it: no read-only root, no user.
        var loose = Restricted.Replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", StringComparison.Ordinal)
            .Replace("        runAsNonRoot: true\n        runAsUser: 1654\n        runAsGroup: 1654\n", "", StringComparison.Ordinal);
        var args = DeploymentAsDockerRun.From(KubernetesManifests.Load<V1Deployment>(loose), 5099).Arguments;
        Assert.IsFalse(args.Contains("--read-only") || args.Contains("--user"), string.Join(' ', args));

        // What docker cannot reproduce fails rather than being dropped: an emptyDir without a size, a root user.
        var unbounded = Restricted.Replace("emptyDir:\n            sizeLimit: 96Mi", "emptyDir: {}", StringComparison.Ordinal);
        Assert.Throws<AssertFailedException>(() => DeploymentAsDockerRun.From(KubernetesManifests.Load<V1Deployment>(unbounded), 5099));
        var root = Restricted.Replace("runAsUser: 1654", "runAsUser: 0", StringComparison.Ordinal);
        Assert.Throws<AssertFailedException>(() => DeploymentAsDockerRun.From(KubernetesManifests.Load<V1Deployment>(root), 5099));
    }
}
