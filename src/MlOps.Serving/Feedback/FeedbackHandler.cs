using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Capture;
using MlOps.Serving.Http;
using MlOps.Serving.Monitoring;
using MlOps.Serving.Rollout;

namespace MlOps.Serving.Feedback;

/// <summary>
/// POST /feedback: true labels for earlier predictions, <c>{"predictionId": "…", "label": …}</c> or an array of them.
/// A joined label goes into the live quality of each model that scored the row (and the paired evidence when both did)
/// and, while capture is on, into a labeled file. One item answers like a
/// resource: 200 joined, 404 unknown id, 410 late (made here, no longer held), 409 already labeled, 422 bad id or
/// label. An array answers 200 with each item's outcome, so one bad item never costs the others. Every item is
/// counted in mlops_feedback_total; a body refused whole (415, 413, 400) counts once as invalid.
/// </summary>
public sealed class FeedbackHandler(PendingPredictions pending, LabelReader labels, RolloutEvidence evidence,
    CaptureWriter capture, LoopMetrics metrics, ServingOptions options)
{
    private readonly record struct Outcome(string? Id, string Name, int Status, string? Code = null, string? Title = null, string? Detail = null);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        JsonDocument document;
        try { document = await ReadAsync(context); }
        catch (ProblemException e)
        {
            metrics.Feedback.WithLabels(LoopMetrics.Invalid).Inc();
            return Problems.From(e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                var outcome = Apply(root);
                return outcome.Code is null
                    ? new JsonWriterResult(json => { json.WriteStartObject(); WriteItem(json, outcome); json.WriteEndObject(); })
                    : Problems.From(new ProblemException(outcome.Status, outcome.Code, outcome.Title!, outcome.Detail!));
            }
            var outcomes = root.EnumerateArray().Select(Apply).ToList();
            return new JsonWriterResult(json =>
            {
                json.WriteStartObject();
                foreach (var name in new[] { LoopMetrics.Joined, LoopMetrics.Unknown, LoopMetrics.Late, LoopMetrics.Invalid })
                    json.WriteNumber(name, outcomes.Count(o => o.Name == name));
                json.WriteStartArray("items");
                foreach (var o in outcomes)
                {
                    json.WriteStartObject();
                    WriteItem(json, o);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            });
        }
    }

    private static void WriteItem(Utf8JsonWriter json, Outcome o)
    {
        json.WriteString("predictionId", o.Id);
        json.WriteString("outcome", o.Name);
        if (o.Code is null) return;
        json.WriteNumber("status", o.Status);
        json.WriteString("code", o.Code);
        json.WriteString("detail", o.Detail);
    }

    /// <summary>One item: validated, joined, counted.</summary>
    private Outcome Apply(JsonElement item)
    {
        var outcome = Join(item);
        metrics.Feedback.WithLabels(outcome.Name).Inc();
        return outcome;
    }

    private Outcome Join(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return Invalid(null, StatusCodes.Status400BadRequest, ErrorCodes.RequestMalformed, "Malformed feedback",
                $"A feedback item is an object {{\"predictionId\": \"…\", \"label\": …}}, got {Core.Features.FeatureRule.Describe(item.ValueKind)}.");
        if (!item.TryGetProperty("predictionId", out var idValue) || idValue.ValueKind != JsonValueKind.String)
            return Invalid(null, StatusCodes.Status422UnprocessableEntity, ErrorCodes.PredictionIdInvalid, "Invalid prediction id",
                "'predictionId' is required: the id of the prediction (its answer's predictionId, or X-Prediction-Id header), as a string.");
        var id = idValue.GetString()!;
        if (PredictionIds.Problem(id) is { } idProblem)
            return Invalid(null, StatusCodes.Status422UnprocessableEntity, ErrorCodes.PredictionIdInvalid, "Invalid prediction id", idProblem);
        if (!item.TryGetProperty("label", out var labelValue))
            return Invalid(id, StatusCodes.Status422UnprocessableEntity, ErrorCodes.FeedbackLabelInvalid, "Invalid label", "'label' is required: the true outcome.");
        if (labels.Read(labelValue, out var labelProblem) is not { } label)
            return Invalid(id, StatusCodes.Status422UnprocessableEntity, ErrorCodes.FeedbackLabelInvalid, "Invalid label", labelProblem!);

        switch (pending.TryLabel(id, out var row))
        {
            case PendingPredictions.Lookup.Late:
                return new Outcome(id, LoopMetrics.Late, StatusCodes.Status410Gone, ErrorCodes.FeedbackLatePrediction, "Prediction no longer held",
                    $"This service made prediction '{id}', but it has left the {options.FeedbackPending} most recent predictions held for feedback (MLOPS_FEEDBACK_PENDING); the label is not used.");
            case PendingPredictions.Lookup.Unknown:
                return new Outcome(id, LoopMetrics.Unknown, StatusCodes.Status404NotFound, ErrorCodes.FeedbackUnknownPrediction, "Unknown prediction",
                    $"This service holds no prediction '{id}': the id is mistyped, made by another replica or before a restart, or no longer held.");
            case PendingPredictions.Lookup.AlreadyLabeled:
                return Invalid(id, StatusCodes.Status409Conflict, ErrorCodes.FeedbackAlreadyLabeled, "Already labeled",
                    $"Prediction '{id}' already has a label; a prediction takes one.");
        }
        evidence.Labeled(label, row!);
        if (capture.Enabled) capture.Label(row! with { Label = label });
        return new Outcome(id, LoopMetrics.Joined, StatusCodes.Status200OK);
    }

    private static Outcome Invalid(string? id, int status, string code, string title, string detail) =>
        new(id, LoopMetrics.Invalid, status, code, title, detail);

    /// <summary>The body as JSON: 415 for another content type (checked before reading), 413 past the size limit, 400 when malformed.</summary>
    private async Task<JsonDocument> ReadAsync(HttpContext context)
    {
        MediaTypes.RequireJson(context.Request);
        var body = await RequestBody.ReadAsync(context.Request, options.MaxBodyBytes);
        return JsonBody.Parse(body); // 400 for malformed JSON, invalid UTF-8 and lone surrogates, as on /predict
    }
}
