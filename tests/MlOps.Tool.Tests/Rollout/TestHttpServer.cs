using System.Net;
using System.Text;
using MlOps.Core.IO;

namespace MlOps.Tool.Tests.Rollout;

/// <summary>A loopback HTTP server for one test: answers every GET with what <c>respond</c> gives for the path and query.</summary>
internal sealed class TestHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public TestHttpServer(Func<string, (int Status, string ContentType, string Body)> respond)
    {
        Port = ProcessProbe.FreeLoopbackPort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                var pathAndQuery = context.Request.Url!.PathAndQuery;
                lock (Requests) Requests.Add(pathAndQuery);
                var (status, type, body) = respond(pathAndQuery);
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = status;
                context.Response.ContentType = type;
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public List<string> Requests { get; } = [];

    public void Dispose()
    {
        if (!_listener.IsListening) return; // disposed already (a test stops its server to see a refused connection)
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
