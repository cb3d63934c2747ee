using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Http;
using MlOps.Serving.Model;
using MlOps.Serving.Rollout;

namespace MlOps.Serving.Docs;

/// <summary>
/// GET /: the model card of the model this image serves (model-card.html, which the build writes beside the model and
/// the image carries under mlops/), for a person who opens the service's address. Read once at start (the root file
/// system may be read-only), served from memory. In a two-model image the card is the challenger's (the image's own
/// model; publish bakes the champion's model, schema and manifest, not its card), while the champion may be the one
/// answering: a note at the top of the page says who answers in the running mode.
/// </summary>
internal static class ModelCardPage
{
    // The card is one self-contained page: inline CSS and SVG, no script, nothing fetched. The policy holds it to that.
    private const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(WebApplication app, ModelFiles files)
    {
        var html = files.CardHtml is { } card ? System.Text.Encoding.UTF8.GetBytes(WithNote(card, Note(app.Services.GetRequiredService<ServedModels>()))) : null;
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

    /// <summary>Who answers when the champion is loaded (shadow, canary, champion), as one HTML paragraph; null with one model.</summary>
    internal static string? Note(ServedModels models)
    {
        if (models.Champion is not { } champion) return null;
        var challenger = $"the challenger (version {models.Challenger.Files.Version})";
        var other = $"the champion (version {champion.Files.Version})";
        var who = models.Mode.Kind switch
        {
            RolloutKind.Shadow => $"{other} answers every request, and this card's model, {challenger}, scores each one in the background",
            RolloutKind.Canary => string.Create(CultureInfo.InvariantCulture,
                $"this card's model, {challenger}, answers {models.Mode.CanaryPercent:0.##}% of routing keys and {other} the rest; each scores the other's rows in the background"),
            _ => $"{other} answers every request; this card's model, {challenger}, does not score",
        };
        return "<p role=\"note\" style=\"margin:0;padding:.75em 1em;background:#fff3cd;border-bottom:1px solid #e0c36c;font-family:sans-serif\">" +
            WebUtility.HtmlEncode($"This service runs two models (MLOPS_ROLLOUT={models.Mode.Name}): {who}. GET /rollout compares them.") + "</p>";
    }

    /// <summary>The card with <paramref name="note"/> first in its body (at the very start when it has no body tag).</summary>
    internal static string WithNote(string card, string? note)
    {
        if (note is null) return card;
        var body = card.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var at = body < 0 ? -1 : card.IndexOf('>', body);
        return at < 0 ? note + card : card.Insert(at + 1, note);
    }
}
