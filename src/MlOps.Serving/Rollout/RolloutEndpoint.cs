using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Http;

namespace MlOps.Serving.Rollout;

/// <summary>
/// GET /rollout (docs/rollout.md, "The evidence"): the mode, each model's counts, p99 and live metrics, agreement,
/// drops and the paired comparison (null until there is paired evidence). Open like /metrics. <c>?confidence=</c>
/// recomputes the bounds at another confidence in (0.5, 1); anything else is 400 (MLOPS6053).
/// </summary>
internal static class RolloutEndpoint
{
    public static IResult Handle(HttpContext context, ServedModels models, RolloutEvidence evidence, ServingOptions options)
    {
        var confidence = options.RolloutConfidence;
        if (context.Request.Query["confidence"] is { Count: > 0 } asked)
        {
            if (RolloutMode.Confidence(asked.ToString()) is not { } value)
                return Problems.From(new ProblemException(StatusCodes.Status400BadRequest, ErrorCodes.RolloutConfidenceInvalid, "Invalid confidence",
                    $"'confidence' is '{asked}'; it is a number between 0.5 and 1 (exclusive), e.g. 0.95."));
            confidence = value;
        }
        var paired = evidence.Paired.Compare(confidence);
        return new JsonWriterResult(json =>
        {
            json.WriteStartObject();
            json.WriteString("mode", models.Mode.Name);
            json.WriteNumber("canaryPercent", models.Mode.Kind == RolloutKind.Canary ? models.Mode.CanaryPercent : 0);
            json.WriteStartObject("models");
            foreach (var model in models.All) WriteModel(json, model);
            json.WriteEndObject();
            json.WriteStartObject("agreement");
            json.WriteNumber("compared", evidence.Agreement.Compared);
            json.WriteNumber("agreed", evidence.Agreement.Agreed);
            Number(json, "ratio", evidence.Agreement.Ratio());
            json.WriteEndObject();
            json.WriteNumber("dropped", evidence.Dropped);
            if (paired is null) json.WriteNull("paired");
            else
            {
                json.WriteStartObject("paired");
                json.WriteString("metric", paired.Metric);
                json.WriteNumber("rows", paired.Rows);
                Number(json, "champion", paired.Champion);
                Number(json, "challenger", paired.Challenger);
                Number(json, "worseBy", paired.WorseBy);
                Number(json, "lower", paired.Lower);
                Number(json, "upper", paired.Upper);
                json.WriteNumber("confidence", paired.Confidence);
                json.WriteNumber("resamples", paired.Resamples);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        });
    }

    private static void WriteModel(Utf8JsonWriter json, ServedModel model)
    {
        var (labeled, live) = model.Live.Compute();
        json.WriteStartObject(model.Name);
        json.WriteString("version", model.Files.Version);
        json.WriteString("sha256", model.Files.Sha256);
        json.WriteNumber("scored", model.Scored);
        json.WriteNumber("errors", model.Errors);
        Number(json, "p99Seconds", model.Latency.P99());
        json.WriteNumber("labeledRows", labeled);
        json.WriteStartObject("live");
        foreach (var (name, value) in live) Number(json, name, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // JSON has no NaN: an undefined value (no rows yet, AUC over one class) is null.
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
