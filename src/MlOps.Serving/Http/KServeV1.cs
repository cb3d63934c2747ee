using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Rollout;
using MlOps.Serving.Security;

namespace MlOps.Serving.Http;

/// <summary>
/// KServe's v1 data plane beside the service's own endpoints, for gateways and clients that already speak it:
/// GET /v1/models ({"models": [name]}), GET /v1/models/{name} ({"name", "ready"}), and
/// POST /v1/models/{name}:predict ({"instances": [...]} in, {"predictions": [...]} out). A prediction goes the way of
/// POST /predict/batch (<see cref="PredictionHandler.PredictInstancesAsync"/>): the same input contract, metrics,
/// capture and rollout; each prediction is the object /predict answers.
/// </summary>
internal static class KServeV1
{
    public const string InstancesField = "instances";

    public static void Map(WebApplication app)
    {
        app.MapGet("/v1/models", (ServingOptions o) => new JsonWriterResult(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("models");
            json.WriteStringValue(o.ModelName);
            json.WriteEndArray();
            json.WriteEndObject();
        }));
        app.MapGet("/v1/models/{name}", (string name, ServingOptions o, ServedModels models) =>
        {
            if (Unknown(name, o) is { } problem) return Problems.From(problem);
            // Not ready yet: 503, as /health/ready says, so a probe on this path waits for the model too.
            return new JsonWriterResult(json =>
            {
                json.WriteStartObject();
                json.WriteString("name", o.ModelName);
                json.WriteBoolean("ready", models.IsReady);
                json.WriteEndObject();
            }, models.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPost("/v1/models/{name}:predict", (string name, HttpContext c, PredictionHandler h) => h.PredictInstancesAsync(c, name)).RequireCaller();
    }

    /// <summary>A name this service does not serve: 404, MLOPS6060 (KServe routes by name; a wrong one is a wrong address).</summary>
    public static ProblemException? Unknown(string name, ServingOptions options) => name == options.ModelName ? null
        : new ProblemException(StatusCodes.Status404NotFound, ErrorCodes.KServeModelUnknown, "Unknown model",
            $"This service serves the model '{options.ModelName}', not '{name}' (MlOps:ModelName, MLOPS_MODEL_NAME, names it).");

    /// <summary>The body's "instances" array, or 400 (MLOPS6061).</summary>
    public static JsonElement Instances(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(InstancesField, out var instances) && instances.ValueKind == JsonValueKind.Array)
            return instances;
        throw new ProblemException(StatusCodes.Status400BadRequest, ErrorCodes.KServeBodyInvalid, "Malformed request",
            "Expected KServe's v1 body, {\"instances\": [...]}: each instance an object of column name -> value, or an array of values in the order GET /schema lists the features.");
    }
}
