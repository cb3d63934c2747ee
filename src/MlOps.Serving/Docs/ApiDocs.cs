using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MlOps.Serving.Model;

namespace MlOps.Serving.Docs;

/// <summary>
/// The OpenAPI document at /openapi.json and at /openapi/v1.json (the path ASP.NET's own OpenAPI support and most
/// tools look at first), and /docs: Swagger UI on it. Swagger UI's files are embedded in its assembly and served from
/// memory, so the page needs no CDN, no internet and no writable disk.
/// </summary>
internal static class ApiDocs
{
    public const string DocumentPath = "/openapi.json", ConventionalPath = "/openapi/v1.json", UiPath = "/docs";

    public static void Map(WebApplication app, string openApiJson, ModelFiles files)
    {
        foreach (var path in new[] { DocumentPath, ConventionalPath })
            app.MapGet(path, () => Results.Text(openApiJson, "application/json"));
        app.MapSwaggerUI(UiPath, ui =>
        {
            // Relative to /docs/index.html, so the page still finds the document behind a proxy that adds a path prefix.
            ui.SwaggerEndpoint(".." + ConventionalPath, files.Version);
            ui.DocumentTitle = $"{files.Schema.Task} on '{files.Schema.Label}': API";
            // Swagger UI would otherwise show a badge fetched from swagger.io's online validator.
            ui.ConfigObject.ValidatorUrl = null;
        });
    }
}
