using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Capture;
using MlOps.Serving.Input;
using MlOps.Serving.Monitoring;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Http;

/// <summary>POST /predict and /predict/batch: read (bounded), validate every value, score, count.</summary>
public sealed class PredictionHandler(Predictor predictor, RowValidator validator, ServingMetrics metrics, DriftMonitor drift, ServingOptions options,
    ILogger<PredictionHandler> logger, RowExtras.Reader extrasReader, PredictionRecorder recorder)
{
    private const int MaxListedErrors = 100;

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
        var prediction = Score([row])[0];
        recorder.Record([row], [prediction], [extras]);
        context.Response.Headers["X-Prediction-Id"] = extras.Id;
        return new JsonWriterResult(json => prediction.WriteTo(json, extras.Id));
    });

    public Task<IResult> PredictBatchAsync(HttpContext context) => Guarded(async () =>
    {
        var csv = MediaTypes.IsCsv(context.Request);
        var body = await ReadAsync(context);
        var errors = new List<FieldError>();
        var idErrors = new List<FieldError>();
        List<FeatureRow> rows;
        List<RowExtras> extras;
        if (csv)
        {
            var table = ReadCsv(body);
            rows = validator.Read(table, errors);
            extras = extrasReader.Read(table, idErrors);
        }
        else
        {
            using var document = JsonBody.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw Problems.Malformed("Expected a JSON array of objects (column name -> value), or a text/csv body with a header row.");
            rows = validator.ReadBatch(document.RootElement, errors);
            extras = [.. document.RootElement.EnumerateArray().Select((item, r) => extrasReader.Read(item, r, null, idErrors))];
        }
        ThrowIfInvalid(idErrors, ErrorCodes.PredictionIdInvalid);
        ThrowIfInvalid(errors);
        var predictions = Score(rows);
        recorder.Record(rows, predictions, extras);
        return new JsonWriterResult(json =>
        {
            json.WriteStartArray();
            for (var i = 0; i < predictions.Length; i++) predictions[i].WriteTo(json, extras[i].Id);
            json.WriteEndArray();
        });
    });

    private Prediction[] Score(List<FeatureRow> rows)
    {
        if (!predictor.IsReady)
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ModelNotReady, "Model not ready",
                "The model is still loading; GET /health/ready turns 200 when it can serve.");
        var start = Stopwatch.GetTimestamp();
        var predictions = predictor.PredictAll(rows);
        var perRow = Stopwatch.GetElapsedTime(start).TotalSeconds / Math.Max(1, rows.Count);
        foreach (var row in rows) { metrics.Duration.Observe(perRow); drift.Record(row); metrics.CountUnusual(row, validator.Layout); }
        metrics.Predictions.WithLabels(ServingMetrics.Success).Inc(rows.Count);
        return predictions;
    }

    /// <summary>Client mistakes become their 4xx problem; anything else is logged by the host as a 500 problem.</summary>
    private async Task<IResult> Guarded(Func<Task<IResult>> handle)
    {
        try { return await handle(); }
        catch (ProblemException e)
        {
            metrics.Predictions.WithLabels(e.Status < 500 ? ServingMetrics.ClientError : ServingMetrics.ServerError).Inc();
            return Problems.From(e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.Predictions.WithLabels(ServingMetrics.ServerError).Inc();
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
