using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Capture;
using MlOps.Serving.Input;
using MlOps.Serving.Monitoring;
using MlOps.Serving.Rollout;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Http;

/// <summary>POST /predict and /predict/batch: read (bounded), validate every value, score, count.</summary>
public sealed class PredictionHandler(ServedModels models, RowValidator validator, ServingMetrics metrics, ServingOptions options,
    ILogger<PredictionHandler> logger, RowExtras.Reader extrasReader, PredictionRecorder recorder)
{
    private const int MaxListedErrors = 100;
    public const string RoutingKeyHeader = "X-Routing-Key", ModelHeader = "X-Model", ModelVersionHeader = "X-Model-Version";

    public Task<IResult> PredictOneAsync(HttpContext context) => Guarded(async () =>
    {
        MediaTypes.RequireJson(context.Request);
        var body = await ReadAsync(context);
        using var document = JsonBody.Parse(body);
        var errors = new List<FieldError>();
        var row = validator.Read(document.RootElement, null, errors);
        var idErrors = new List<FieldError>();
        var correlation = context.Request.Headers["X-Correlation-Id"];
        var extras = extrasReader.Read(document.RootElement, null, correlation.Count > 0 ? correlation.ToString() : null, idErrors);
        ThrowIfInvalid(idErrors, ErrorCodes.PredictionIdInvalid);
        ThrowIfInvalid(errors);
        var (predictions, by) = Score([row], [extras], context);
        var (prediction, model) = (predictions[0], by[0]);
        context.Response.Headers["X-Prediction-Id"] = extras.Id;
        context.Response.Headers[ModelHeader] = model.Name;
        context.Response.Headers[ModelVersionHeader] = model.Files.Version;
        return new JsonWriterResult(json => prediction.WriteTo(json, extras.Id, model));
    });

    public Task<IResult> PredictBatchAsync(HttpContext context) => Guarded(async () =>
    {
        var csv = MediaTypes.IsCsv(context.Request);
        var body = await ReadAsync(context);
        List<FeatureRow> rows;
        List<RowExtras> extras;
        if (csv)
        {
            var table = ReadCsv(body);
            var errors = new List<FieldError>();
            var idErrors = new List<FieldError>();
            rows = validator.Read(table, errors);
            extras = extrasReader.Read(table, idErrors);
            ThrowIfInvalid(idErrors, ErrorCodes.PredictionIdInvalid);
            ThrowIfInvalid(errors);
        }
        else
        {
            using var document = JsonBody.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw Problems.Malformed("Expected a JSON array of objects (column name -> value), or a text/csv body with a header row.");
            (rows, extras) = ReadItems(document.RootElement, positional: false);
        }
        var (predictions, by) = Score(rows, extras, context);
        return new JsonWriterResult(json => WriteArray(json, predictions, extras, by));
    });

    /// <summary>POST /v1/models/{name}:predict, KServe's v1 protocol (<see cref="KServeV1"/>): the batch path with the
    /// rows under "instances" (objects, or arrays of values in schema order) and the answers under "predictions".</summary>
    public Task<IResult> PredictInstancesAsync(HttpContext context, string name) => Guarded(async () =>
    {
        if (KServeV1.Unknown(name, options) is { } unknown) throw unknown;
        MediaTypes.RequireJson(context.Request);
        var body = await ReadAsync(context);
        using var document = JsonBody.Parse(body);
        var (rows, extras) = ReadItems(KServeV1.Instances(document.RootElement), positional: true);
        var (predictions, by) = Score(rows, extras, context);
        return new JsonWriterResult(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("predictions");
            WriteArray(json, predictions, extras, by);
            json.WriteEndObject();
        });
    });

    /// <summary>A JSON array's items as rows and their extras, or the 422 that lists every bad value.</summary>
    /// <param name="positional">An item may also be an array of values in schema order (KServe's instances).</param>
    private (List<FeatureRow> Rows, List<RowExtras> Extras) ReadItems(JsonElement array, bool positional)
    {
        var errors = new List<FieldError>();
        var idErrors = new List<FieldError>();
        var rows = validator.ReadBatch(array, errors, positional);
        List<RowExtras> extras = [.. array.EnumerateArray().Select((item, r) => extrasReader.Read(item, r, null, idErrors))];
        ThrowIfInvalid(idErrors, ErrorCodes.PredictionIdInvalid);
        ThrowIfInvalid(errors);
        return (rows, extras);
    }

    private static void WriteArray(Utf8JsonWriter json, Prediction[] predictions, List<RowExtras> extras, ServedModel[] by)
    {
        json.WriteStartArray();
        for (var i = 0; i < predictions.Length; i++) predictions[i].WriteTo(json, extras[i].Id, by[i]);
        json.WriteEndArray();
    }

    /// <summary>Routes each row to the model that answers it (docs/rollout.md, "Modes"), scores each model's rows in one
    /// call, and records them (pending set, background model, capture).</summary>
    private (Prediction[] Predictions, ServedModel[] By) Score(List<FeatureRow> rows, List<RowExtras> extras, HttpContext context)
    {
        if (!models.IsReady)
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ModelNotReady, "Model not ready",
                "The model is still loading; GET /health/ready turns 200 when it can serve.");
        var header = context.Request.Headers[RoutingKeyHeader];
        var key = header.Count > 0 ? header.ToString() : null;
        var by = new ServedModel[rows.Count];
        for (var i = 0; i < rows.Count; i++) by[i] = models.Answering(key ?? extras[i].RoutingValue ?? extras[i].Id);
        var predictions = new Prediction[rows.Count];
        foreach (var model in models.All)
        {
            var mine = Enumerable.Range(0, rows.Count).Where(i => by[i] == model).ToList();
            if (mine.Count == 0) continue;
            var scored = model.Score(mine.Count == rows.Count ? rows : [.. mine.Select(i => rows[i])], metrics);
            for (var k = 0; k < mine.Count; k++) predictions[mine[k]] = scored[k];
        }
        foreach (var row in rows) metrics.CountUnusual(row, validator.Layout);
        recorder.Record(rows, predictions, by, extras);
        return (predictions, by);
    }

    /// <summary>Client mistakes become their 4xx problem; anything else is logged by the host as a 500 problem.</summary>
    private async Task<IResult> Guarded(Func<Task<IResult>> handle)
    {
        try { return await handle(); }
        catch (ProblemException e)
        {
            // Refused before any model scored: no model label.
            metrics.Predictions.WithLabels(ServingMetrics.NoModel, e.Status < 500 ? ServingMetrics.ClientError : ServingMetrics.ServerError).Inc();
            return Problems.From(e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A model's failure is counted against it where it failed; anything else has no model.
            if (e is not ScoringFailedException) metrics.Predictions.WithLabels(ServingMetrics.NoModel, ServingMetrics.ServerError).Inc();
            logger.LogError(e, "{Code}: the model failed to score a request.", ErrorCodes.PredictionFailed);
            return Problems.From(new ProblemException(StatusCodes.Status500InternalServerError, ErrorCodes.PredictionFailed,
                "Prediction failed", "The model failed to score the input. The service log has the details."));
        }
    }

    private Task<byte[]> ReadAsync(HttpContext context) => RequestBody.ReadAsync(context.Request, options.MaxBodyBytes);

    /// <summary>A CSV body: ',' separated with a header row, cells as in training files (the same reader).</summary>
    internal static CsvRows.Table ReadCsv(byte[] body)
    {
        using var text = new StreamReader(new MemoryStream(body), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        try { return CsvRows.Read(text, ',', "the request body"); }
        catch (MlOpsException e) { throw Problems.Malformed($"The CSV body is malformed: {e.Message}"); }
    }

    private static void ThrowIfInvalid(List<FieldError> errors, string code = ErrorCodes.RequestInvalidValue)
    {
        if (errors.Count == 0) return;
        var first = errors[0];
        var where = first.Row is { } r ? $"row {r}, " : "";
        var more = errors.Count > 1 ? $" ({errors.Count} errors in all, listed in 'errors')" : "";
        throw new ProblemException(StatusCodes.Status422UnprocessableEntity, code, "Invalid input",
            $"{where}field '{first.Field}': {first.Message}{more}", errors.Take(MaxListedErrors).ToList());
    }
}
