namespace MlOps.Core.Artifacts;

/// <summary>The file names inside a model's output folder ($(OutDir)mlops/).</summary>
public static class ArtifactFiles
{
    public const string Model = "model.zip";
    public const string Schema = "schema.json";
    public const string Metrics = "metrics.json";
    public const string Manifest = "manifest.json";
    /// <summary>The model card as one self-contained page (written by the card step; absent with MlOpsModelCard=false).</summary>
    public const string ModelCardHtml = "model-card.html";
    /// <summary>The model converted to ONNX (MlOpsExportOnnx only), for scoring outside .NET.</summary>
    public const string Onnx = "model.onnx";
    /// <summary>The rollout decisions taken on this model (-t:MlOpsRolloutDecision), one JSON object a line, appended.</summary>
    public const string RolloutDecisions = "rollout-decisions.jsonl";
}
