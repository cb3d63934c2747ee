using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MlOps.Core.IO;
using NuGet.Packaging;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A tiny NuGet v3 feed on 127.0.0.1 that only takes pushes: a service index with PackagePublish/2.0.0, a PUT that wants
/// the right X-NuGet-ApiKey (401 otherwise) and answers 409 for a version it already has, as nuget.org does.
/// </summary>
public sealed class NuGetTestServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _apiKey;
    private readonly Task _loop;

    public NuGetTestServer(string apiKey)
    {
        _apiKey = apiKey;
        var port = ProcessProbe.FreeLoopbackPort();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }
    public string IndexUrl => Url + "v3/index.json";
    /// <summary>"id/version" (lower case) → the pushed .nupkg.</summary>
    public ConcurrentDictionary<string, byte[]> Packages { get; } = new();
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            try { Handle(context); }
            catch (Exception e) { Respond(context, 500, e.Message); }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.HttpMethod} {request.Url!.AbsolutePath}");
        if (request.HttpMethod == "GET" && request.Url.AbsolutePath == "/v3/index.json")
        {
            Respond(context, 200, $$"""{"version":"3.0.0","resources":[{"@id":"{{Url}}api/v2/package","@type":"PackagePublish/2.0.0"}]}""", "application/json");
            return;
        }
        if (request.HttpMethod != "PUT" || request.Url.AbsolutePath.TrimEnd('/') != "/api/v2/package") { Respond(context, 404, "not found"); return; }
        if (request.Headers["X-NuGet-ApiKey"] != _apiKey) { Respond(context, 401, "wrong API key"); return; }

        using var body = new MemoryStream();
        request.InputStream.CopyTo(body);
        var nupkg = Multipart(body.ToArray(), request.ContentType ?? "");
        using var reader = new PackageArchiveReader(new MemoryStream(nupkg));
        var key = $"{reader.NuspecReader.GetId()}/{reader.NuspecReader.GetVersion().ToNormalizedString()}".ToLowerInvariant();
        Respond(context, Packages.TryAdd(key, nupkg) ? 201 : 409, key);
    }

    /// <summary>The one file part of a multipart/form-data body (NuGet sends the package as the only part).</summary>
    private static byte[] Multipart(byte[] body, string contentType)
    {
        var boundary = "--" + contentType.Split("boundary=")[1].Trim('"');
        var text = Encoding.Latin1.GetString(body); // one char per byte, so indices are byte offsets
        var start = text.IndexOf("\r\n\r\n", text.IndexOf(boundary, StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        var end = text.IndexOf("\r\n" + boundary, start, StringComparison.Ordinal);
        return body[start..end];
    }

    private static void Respond(HttpListenerContext context, int status, string text, string type = "text/plain")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
