using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using MlOps.Core.Diagnostics;

namespace MlOps.Serving.Http;

/// <summary>
/// What a request body may be: JSON (application/json, any application/*+json, or no Content-Type at all: a client that
/// names no type is read as JSON), and on batch endpoints also text/csv. Anything else (application/xml, curl -d's default
/// application/x-www-form-urlencoded) is 415 (MLOPS6040), rather than parsed as JSON whatever the client said it sent.
/// </summary>
internal static class MediaTypes
{
    /// <summary>A JSON-only endpoint (/predict, /feedback): anything but JSON throws the 415.</summary>
    public static void RequireJson(HttpRequest request) => Classify(request, csvAllowed: false);

    /// <summary>A batch endpoint: true for CSV, false for JSON; anything else throws the 415.</summary>
    public static bool IsCsv(HttpRequest request) => Classify(request, csvAllowed: true);

    private static bool Classify(HttpRequest request, bool csvAllowed)
    {
        var header = request.ContentType;
        if (string.IsNullOrWhiteSpace(header)) return false;
        if (MediaTypeHeaderValue.TryParse(header, out var parsed))
        {
            var type = parsed.MediaType;
            if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
                return false;
            if (csvAllowed && type.Equals("text/csv", StringComparison.OrdinalIgnoreCase)) return true;
        }
        var accepted = csvAllowed ? "application/json (or application/*+json) or text/csv" : "application/json (or application/*+json)";
        throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.RequestUnsupportedMediaType,
            "Unsupported media type", $"Content-Type '{header}' is not accepted here; send {accepted}.");
    }
}
