using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Metrics;
using MlOps.Core.Schema;
using MlOps.Sdk.Tasks;

namespace MlOps.Tool.Rollout;

/// <summary>
/// rollout-decision (`-t:MlOpsRolloutDecision`, docs/rollout.md "The decision"): reads the evidence MlOpsRolloutEvidence
/// names, decides, prints `MlOps: rollout decision: &lt;word&gt;: &lt;reason&gt;`, appends the decision to the model's
/// rollout-decisions.jsonl, writes the word and the reason for the target, and exits 0 (promote), 3 (hold) or 4 (roll back).
/// </summary>
public static class RolloutDecisionCommand
{
    public static readonly OptionKeys Keys = new(
        ["ProjectFile", "ModelFolder", "MaxRegression", "Confidence", "MinLabeledRows", "MaxErrorRate", "MaxLatency", "Window", "Name", "ResultFile", "ReasonFile"],
        ["Evidence", "EvidenceFile", "Job", "Version"]);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var settings = DecisionSettings.Parse(options, project);
        var folder = options.Require("ModelFolder");
        var manifestFile = Path.Combine(folder, ArtifactFiles.Manifest);
        if (!File.Exists(manifestFile) || !File.Exists(Path.Combine(folder, ArtifactFiles.Schema)))
            throw new MlOpsException(ErrorCodes.RolloutModelNotBuilt,
                $"The challenger is not built: {folder} has no {ArtifactFiles.Manifest}. Run `dotnet build` first; the decision is about this model and is recorded beside it.", project.Path);
        var manifest = MlOpsJson.Read<Manifest>(manifestFile);
        var schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(folder, ArtifactFiles.Schema)));

        var evidence = await ReadEvidenceAsync(settings, schema, manifest, project, cancellation);
        var decision = RolloutDecision.Decide(evidence, settings.Limits);

        new RolloutDecisionRecord(decision.Word, decision.Reason, evidence.Source, DateTimeOffset.UtcNow, options.Get("Version"), manifest.ModelSha256,
            RolloutEvidenceSummary.Of(evidence)).AppendTo(folder);
        WriteResult(options.Require("ResultFile"), decision.Word);
        WriteResult(options.Require("ReasonFile"), decision.Reason);
        // A summary line: every logger shows it, the terminal logger included (build/MlOps.Rollout.proj).
        log.WriteLine(ToolOutput.FormatSummary(decision.Line));
        return decision.ExitCode;
    }

    /// <summary>One source, by the form of MlOpsRolloutEvidence: prometheus:URL, an http(s) URL, else the files MSBuild expanded.</summary>
    private static async Task<RolloutEvidence> ReadEvidenceAsync(DecisionSettings settings, DataSchema schema, Manifest manifest, ProjectLines project,
        CancellationToken cancellation)
    {
        const string prometheus = "prometheus:";
        var evidence = settings.Evidence ?? "";
        using var http = new EvidenceHttp(project);
        if (evidence.StartsWith(prometheus, StringComparison.OrdinalIgnoreCase))
            return await PrometheusEvidence.ReadAsync(EvidenceHttp.ParseUrl(evidence[prometheus.Length..], project), settings.Job, settings.Window, http, cancellation);
        if (evidence.Contains("://", StringComparison.Ordinal))
            return await ServiceEvidence.ReadAsync(EvidenceHttp.ParseUrl(evidence, project), settings.Confidence, http, cancellation);
        if (settings.EvidenceFiles.Count == 0)
            throw project.Error(ErrorCodes.RolloutDecisionInvalidSetting, DecisionSettings.EvidenceProperty, evidence.Length > 0
                ? $"{DecisionSettings.EvidenceProperty} '{evidence}' matched no file."
                : $"No rollout evidence: set {DecisionSettings.EvidenceProperty} to the service (http://host:port), Prometheus (prometheus:http://host:9090) " +
                  "or labeled capture files (a path or wildcard), or declare MlOpsProductionData.");
        var metric = PairedComparison.MetricFor(schema, manifest.OptimizingMetric);
        return FileEvidence.Read(settings.EvidenceFiles, schema, metric, settings.Confidence, project);
    }

    private static void WriteResult(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content);
    }
}
