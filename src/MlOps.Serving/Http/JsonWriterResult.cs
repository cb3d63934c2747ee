using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlOps.Serving.Http;

/// <summary>Writes JSON straight into the response pipe: predictions skip reflection-based serialization.</summary>
internal sealed class JsonWriterResult(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
            write(json);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
