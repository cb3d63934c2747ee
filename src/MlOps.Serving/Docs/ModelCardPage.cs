using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Http;
using MlOps.Serving.Model;

namespace MlOps.Serving.Docs;

/// <summary>
/// GET /: the model card of the model this image serves (model-card.html, which the build writes beside the model and
/// the image carries under mlops/), for a person who opens the service's address. Read once at start (the root file
/// system may be read-only), served from memory.
/// </summary>
internal static class ModelCardPage
{
    // The card is one self-contained page: inline CSS and SVG, no script, nothing fetched. The policy holds it to that.
    private const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(WebApplication app, ModelFiles files)
    {
        var html = files.CardHtml is { } card ? System.Text.Encoding.UTF8.GetBytes(card) : null;
        app.MapGet("/", (HttpContext context) =>
        {
            if (html is null)
                return Problems.From(new ProblemException(StatusCodes.Status404NotFound, ErrorCodes.ModelCardMissing, "No model card",
                    "This image carries no model-card.html: the model was built with MlOpsModelCard=false. GET /model has its manifest, GET /docs the API."));
            context.Response.Headers.ContentSecurityPolicy = Policy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(html, "text/html; charset=utf-8");
        });
    }
}
