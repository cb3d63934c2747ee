using System.Text.Json;
using MlOps.Core.Schema;

namespace MlOps.Serving.Scoring;

/// <summary>One model output, shaped by task: binary {label, probability, score}, multiclass {label, scores}, regression {value};
/// an answer also carries its predictionId and the model that gave it (docs/rollout.md, "What the answers say").</summary>
public sealed record Prediction(MlTask Task, string? Label, float Probability, float Score, IReadOnlyList<string>? Classes, float[]? Scores)
{
    public void WriteTo(Utf8JsonWriter json, string? predictionId = null, Rollout.ServedModel? model = null)
    {
        json.WriteStartObject();
        switch (Task)
        {
            case MlTask.BinaryClassification:
                json.WriteString("label", Label);
                Number(json, "probability", Probability);
                Number(json, "score", Score);
                break;
            case MlTask.MulticlassClassification:
                json.WriteString("label", Label);
                json.WriteStartObject("scores");
                for (var i = 0; i < Classes!.Count; i++) Number(json, Classes[i], Scores![i]);
                json.WriteEndObject();
                break;
            default:
                Number(json, "value", Score);
                break;
        }
        if (predictionId is not null) json.WriteString("predictionId", predictionId);
        if (model is not null)
        {
            json.WriteString("model", model.Name);
            json.WriteString("modelVersion", model.Files.Version);
        }
        json.WriteEndObject();
    }

    // JSON has no NaN or infinity; a degenerate model output becomes null rather than an invalid document.
    private static void Number(Utf8JsonWriter json, string name, float value)
    {
        if (float.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
