using System.Net;
using System.Text.RegularExpressions;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Schema;

namespace MlOps.Serving.Tests;

/// <summary>GET / (the model card), /docs (Swagger UI, offline) and /openapi/v1.json.</summary>
[TestClass]
public sealed class HumanPagesTests
{
    [TestMethod]
    public async Task RootServesTheModelsCardAsAPage()
    {
        var model = TrainedModel.For(MlTask.Regression);
        var folder = Path.Combine(Path.GetTempPath(), $"mlops-card-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.GetFiles(model.Folder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            var sha = FileHash.Sha256(Path.Combine(folder, ArtifactFiles.Model));
            var card = $"<!DOCTYPE html>\n<html><body><h1>Model card: Ü</h1><p>model.zip {sha}</p></body></html>\n";
            File.WriteAllText(Path.Combine(folder, ArtifactFiles.ModelCardHtml), card);
            await using var server = await ScoringServer.StartAsync(folder, waitReady: false);
            File.Delete(Path.Combine(folder, ArtifactFiles.ModelCardHtml)); // read at start: a read-only disk is enough

            var response = await server.Client.GetAsync("/");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.AreEqual("utf-8", response.Content.Headers.ContentType?.CharSet);
            Assert.AreEqual(card, await response.Content.ReadAsStringAsync());
            // The card has no script and fetches nothing: the page's policy forbids both.
            var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            StringAssert.Contains(policy, "default-src 'none'");
            Assert.IsFalse(policy.Contains("script-src", StringComparison.Ordinal), policy);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [TestMethod]
    public async Task RootWithoutACardIs404()
    {
        await using var server = await ScoringServer.StartAsync(TrainedModel.For(MlTask.Regression).Folder, waitReady: false);
        var response = await server.Client.GetAsync("/");
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, text);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(text, ErrorCodes.ModelCardMissing);
    }

    [TestMethod]
    public async Task DocsServeSwaggerUiWithEveryAssetFromTheService()
    {
        await using var server = await ScoringServer.StartAsync(TrainedModel.For(MlTask.Regression).Folder, waitReady: false);
        var page = await server.Client.GetAsync("/docs"); // redirected to /docs/index.html
        var html = await page.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode, html);
        Assert.AreEqual("text/html", page.Content.Headers.ContentType?.MediaType);
        var pageUri = page.RequestMessage!.RequestUri!;
        StringAssert.EndsWith(pageUri.AbsolutePath, "/docs/index.html");

        // Every script and stylesheet the page loads (and the scripts' own configuration) comes from this service.
        var assets = Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.IsTrue(assets.Count >= 3 && assets.Any(a => a.EndsWith(".js", StringComparison.Ordinal)), html);
        foreach (var asset in assets)
        {
            var uri = new Uri(pageUri, asset);
            Assert.AreEqual(server.Client.BaseAddress!.Authority, uri.Authority, $"{asset} is fetched from elsewhere");
            var response = await server.Client.GetAsync(uri);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, asset);
            Assert.IsGreaterThan(0, (await response.Content.ReadAsByteArrayAsync()).Length, asset);
        }
        var config = await server.Client.GetStringAsync(new Uri(pageUri, "index.js"));
        var documentUrl = Regex.Match(config, "\"url\":\"([^\"]+)\"").Groups[1].Value;
        Assert.AreEqual("../openapi/v1.json", documentUrl, config);
        Assert.IsFalse(config.Contains("validator.swagger.io", StringComparison.Ordinal) || config.Contains("online.swagger.io", StringComparison.Ordinal), config);

        // The document the UI shows is the service's own, at both paths.
        var alias = await server.Client.GetAsync(new Uri(pageUri, documentUrl));
        Assert.AreEqual(HttpStatusCode.OK, alias.StatusCode);
        Assert.AreEqual("application/json", alias.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(await server.Client.GetStringAsync("/openapi.json"), await alias.Content.ReadAsStringAsync());
    }
}
