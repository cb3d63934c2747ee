using System.Buffers;
using Microsoft.AspNetCore.Http;
using MlOps.Core.Diagnostics;

namespace MlOps.Serving.Http;

/// <summary>Buffers a request body up to the configured limit (MLOPS_MAX_BODY_BYTES); past it, 413.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit) throw TooLarge(limit);
        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync(request.HttpContext.RequestAborted);
                var buffer = read.Buffer;
                if (buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    throw TooLarge(limit);
                }
                if (read.IsCompleted)
                {
                    var bytes = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return bytes;
                }
                reader.AdvanceTo(buffer.Start, buffer.End); // keep it all buffered until the body is complete
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit); // Kestrel's own limit (set to the same value) tripped first
        }
    }

    private static ProblemException TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
        "Request body too large", $"The body is larger than the limit of {limit} bytes (MLOPS_MAX_BODY_BYTES). Send fewer rows per request.");
}
