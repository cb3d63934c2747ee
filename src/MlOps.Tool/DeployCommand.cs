using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Core.Diagnostics;
using MlOps.Core.Rollout;
using MlOps.Core.Schema;
using MlOps.Tool.Rollout;

namespace MlOps.Tool;

/// <summary>
/// deploy: after `dotnet publish` built the scoring image, reports its size next to the base image's and writes
/// Kubernetes manifests (deployment or Argo rollout, service, HPA) with the image pinned by digest.
/// </summary>
public static class DeployCommand
{
    private const int Port = HardenedContainer.Port;

    public static readonly OptionKeys Keys = new OptionKeys(
        ["Name", "Image", "ImageManifest", "OutputDirectory", "ModelFolder"], ["Archive", "HostAssembly", "Job", "RolloutFolder", "User"]).With(SampleRows.Keys).With(RolloutSettings.Keys);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var name = options.Require("Name");
        var image = options.Require("Image");
        var manifestFile = options.Require("ImageManifest");
        var output = options.Require("OutputDirectory");
        var modelFolder = options.Require("ModelFolder");
        var rollout = RolloutSettings.Read(options);

        var (total, baseSize, layers) = ImageSizes(manifestFile);
        var archive = options.Get("Archive") is { } a ? $"; archive {a}" : "";
        log.WriteLine($"MlOps: scoring image {image}: {Mb(total)} compressed in {layers} layers (base image {Mb(baseSize)} + app layer {Mb(total - baseSize)}){archive}");

        var measured = options.Get("HostAssembly") is { } host ? await ServiceMemory.PeakAsync(host, LoadSample(options, modelFolder), TimeSpan.FromSeconds(30), cancellation) : null;
        var memory = measured is { } m ? MemoryRequestMiB(m.PeakBytes) : MemoryRequestMiB(Path.Combine(modelFolder, "model.zip"));
        var basis = measured switch
        {
            { Sent: > 0 } p => $"measured peak {Mb(p.PeakBytes)} of the service with this model under {p.Sent} POST /predict/batch requests ({p.Answered} answered 200) from {ServiceMemory.BurstClients} clients",
            { } p => $"measured peak {Mb(p.PeakBytes)} of the service with this model, at idle (no sample data to send)",
            null => "estimated from the model size (the service could not be measured here)",
        };
        Directory.CreateDirectory(output);
        var files = Manifests(SafeName(name), image, memory, HardenedContainer.ForModels(RolloutFile.ModelZips(modelFolder, options.Get("RolloutFolder"))).AsUser(options.Get("User")), rollout, options.Get("Job") ?? name);
        foreach (var (file, yaml) in files) File.WriteAllText(Path.Combine(output, file), yaml);
        log.WriteLine($"MlOps: Kubernetes manifests in {output} ({string.Join(", ", files.Keys)}); memory request {memory}Mi, limit {memory * 2}Mi ({basis})");
        return 0;
    }

    /// <summary>The load's request body: the first rows of the test (else training) data; null (idle) when there are none.</summary>
    private static string? LoadSample(OptionsFile options, string modelFolder)
    {
        try
        {
            var schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(modelFolder, "schema.json")));
            return SampleRows.Load(options, schema, count: LoadBatchRows).Csv;
        }
        catch (MlOpsException) { return null; }
    }

    /// <summary>Rows per request of the load burst: a batch, so the scoring buffers grow as they do in use.</summary>
    private const int LoadBatchRows = 32;

    /// <summary>Sum of the compressed layer sizes; the .NET SDK adds exactly one layer (the app) on top of the base.</summary>
    public static (long Total, long Base, int Layers) ImageSizes(string manifestFile)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestFile));
            var sizes = doc.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("size").GetInt64()).ToList();
            return (sizes.Sum(), sizes.Take(sizes.Count - 1).Sum(), sizes.Count);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new MlOpsException(ErrorCodes.PublishImageManifestUnreadable,
                $"The image manifest the .NET SDK returned cannot be read ({e.Message}).", manifestFile);
        }
    }

    /// <summary>The request from the peak under load: 25% headroom, rounded up to 32 MiB; the limit is twice the request.</summary>
    public static int MemoryRequestMiB(long peakBytes) => (int)(Math.Ceiling(peakBytes * 1.25 / (1024.0 * 1024.0) / 32) * 32);

    /// <summary>
    /// Fallback when the service cannot be measured (not Linux): an estimate from the model. The service holds the
    /// unpacked model once plus one scoring worker per core, on top of an ASP.NET Core baseline of ~96 MiB.
    /// 128 MiB + 3x the unpacked model size, rounded up to 32 MiB; the limit is twice the request.
    /// </summary>
    public static int MemoryRequestMiB(string modelZip) =>
        (int)(Math.Ceiling((128 + 3 * HardenedContainer.UnpackedBytes(modelZip) / (1024.0 * 1024.0)) / 32) * 32);

    /// <summary>
    /// The manifests: the workload (a Deployment, or with MlOpsRollout=ArgoRollouts an Argo Rollout and its
    /// AnalysisTemplate, around the same pod template), the Service and the HPA that scales the workload.
    /// </summary>
    /// <param name="job">The Prometheus job label the analysis selects the service by.</param>
    public static Dictionary<string, string> Manifests(string name, string image, int memoryMiB, HardenedContainer run, RolloutSettings rollout, string job)
    {
        var labels = $"\n    app.kubernetes.io/name: {name}\n    app.kubernetes.io/managed-by: MlOps.Sdk";
        var argo = rollout.Kind == RolloutKind.ArgoRollouts;
        // New pods of an Argo Rollout are the canary: the challenger answers, the champion scores in the background.
        var template = Indent(PodTemplate(name, image, memoryMiB, run, argo ? RolloutSettings.ArgoPodMode : rollout.Mode), 4);
        var (targetApi, targetKind) = argo ? (ArgoRolloutManifests.ApiVersion, "Rollout") : ("apps/v1", "Deployment");
        // The Deployment and the Rollout differ only by their kind and the Rollout's strategy.
        var workload = $"""
            apiVersion: {targetApi}
            kind: {targetKind}
            metadata:
              name: {name}
              labels:{labels}
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app.kubernetes.io/name: {name}
              template:
            {template}
            """ + "\n";
        var files = argo
            ? new Dictionary<string, string>
            {
                ["rollout.yaml"] = workload + ArgoRolloutManifests.Strategy(name, rollout),
                ["analysis-template.yaml"] = ArgoRolloutManifests.AnalysisTemplate(name, labels, job, rollout),
            }
            : new Dictionary<string, string> { ["deployment.yaml"] = workload };
        var service = $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: {name}
              labels:
                app.kubernetes.io/name: {name}
              annotations:
                prometheus.io/scrape: "true"
                prometheus.io/port: "{Port}"
                prometheus.io/path: /metrics
            spec:
              selector:
                app.kubernetes.io/name: {name}
              ports:
                - name: http
                  port: 80
                  targetPort: {Port}
                  protocol: TCP
            """;
        var hpa = $"""
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: {name}
            spec:
              scaleTargetRef:
                apiVersion: {targetApi}
                kind: {targetKind}
                name: {name}
              minReplicas: 2
              maxReplicas: 10
              metrics:
                - type: Resource
                  resource:
                    name: cpu
                    target:
                      type: Utilization
                      averageUtilization: 70
            """;
        files["service.yaml"] = service + "\n";
        files["hpa.yaml"] = hpa + "\n";
        return files;
    }

    /// <summary>
    /// The pod template (spec.template of the Deployment or the Rollout), at column 0: Pod Security "restricted" and a
    /// read-only root, all from HardenedContainer (the smoke test runs the same), and MLOPS_ROLLOUT set to the mode.
    /// </summary>
    public static string PodTemplate(string name, string image, int memoryMiB, HardenedContainer run, string rolloutMode)
    {
        // One "- name/value" entry per variable, indented under the container's env key.
        var env = string.Concat(HardenedContainer.Environment.Append(new(RolloutSettings.ModeVariable, rolloutMode))
            .Select(e => $"\n      - name: {e.Key}\n        value: \"{e.Value}\""));
        return $"""
            metadata:
              labels:
                app.kubernetes.io/name: {name}
              annotations:
                prometheus.io/scrape: "true"
                prometheus.io/port: "{Port}"
                prometheus.io/path: /metrics
            spec:
              automountServiceAccountToken: false
              securityContext:
                runAsNonRoot: true
                runAsUser: {run.UserId}
                runAsGroup: {run.GroupId}
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: scoring
                  image: "{image}"
                  ports:
                    - name: http
                      containerPort: {Port}
                      protocol: TCP
                  env:{env}
                  resources:
                    requests:
                      cpu: 250m
                      memory: {memoryMiB}Mi
                    limits:
                      memory: {memoryMiB * 2}Mi
                  livenessProbe:
                    httpGet:
                      path: /health/live
                      port: {Port}
                    initialDelaySeconds: 5
                    periodSeconds: 10
                  readinessProbe:
                    httpGet:
                      path: /health/ready
                      port: {Port}
                    periodSeconds: 5
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities:
                      drop: ["ALL"]
                  volumeMounts:
                    - name: {HardenedContainer.ScratchVolume}
                      mountPath: {HardenedContainer.ScratchPath}
              volumes:
                - name: {HardenedContainer.ScratchVolume}
                  emptyDir:
                    sizeLimit: {run.ScratchMiB}Mi
            """;
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));

    /// <summary>A DNS-1123 name from the repository (lowercase letters, digits and '-', at most 63).</summary>
    public static string SafeName(string repository)
    {
        var last = repository.Split('/')[^1].ToLowerInvariant();
        var sb = new StringBuilder();
        foreach (var c in last) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        var s = sb.ToString().Trim('-');
        if (s.Length > 63) s = s[..63].TrimEnd('-');
        return s.Length == 0 ? "model" : s;
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB";
}
