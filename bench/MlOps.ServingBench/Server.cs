using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

using MlOps.Core.IO;

namespace MlOps.ServingBench;

/// <summary>One server in a child process (this program re-invoked with --serve-ours / --serve-baseline).</summary>
public sealed class Server : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private Server(string name, Process process, int port, double coldStartMs)
    {
        Name = name;
        _process = process;
        Port = port;
        ColdStartMs = coldStartMs;
    }

    public string Name { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/predict";
    /// <summary>Process.Start to the first 200 from POST /predict.</summary>
    public double ColdStartMs { get; private set; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts the child and polls POST /predict (every 2 ms) until it answers 200; throws after 30 s.</summary>
    /// <param name="extra">Arguments after the port (--serve-ours-capture: the capture folder).</param>
    public static async Task<Server> StartAsync(string name, string flag, string modelFolder, string body, params string[] extra)
    {
        var port = ProcessProbe.FreeLoopbackPort();
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        // Warm up the parent's own HTTP stack (connection refused) so its JIT is not counted in the child's start.
        await TryPostAsync(client, $"http://127.0.0.1:{port}/predict", body);

        var (file, prefix) = Command();
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in prefix) info.ArgumentList.Add(a);
        info.ArgumentList.Add(flag);
        info.ArgumentList.Add(modelFolder);
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var a in extra) info.ArgumentList.Add(a);

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var server = new Server(name, process, port, double.NaN);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._log) server._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (await TryPostAsync(client, server.Url, body) == HttpStatusCode.OK) break;
                if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {server.Log}");
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{name} gave no 200 from /predict in 30 s: {server.Log}");
                await Task.Delay(2);
            }
            server.ColdStartMs = clock.Elapsed.TotalMilliseconds;
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public static async Task<string> PostAsync(string url, string body)
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {text}";
    }

    /// <summary>The child's peak resident memory (VmHWM) in MB, NaN when unreadable.</summary>
    public double PeakMb() => ProcessProbe.PeakBytes(_process.Id) is long bytes ? bytes / (1024.0 * 1024.0) : double.NaN;

    /// <summary>Stops the child as an orchestrator does (SIGTERM: a graceful shutdown) and waits for it; its exit code.</summary>
    public int Terminate()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(30_000)) throw new TimeoutException($"{Name} did not stop within 30 s of SIGTERM.");
        return _process.ExitCode;
    }

    /// <summary>A series of the child's GET /metrics (name with labels, as exposed), NaN when absent.</summary>
    public async Task<double> MetricAsync(string series)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync($"http://127.0.0.1:{Port}/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(5000); } }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    private static async Task<HttpStatusCode?> TryPostAsync(HttpClient client, string url, string body)
    {
        try
        {
            using var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { return null; }
    }

    /// <summary>`dotnet MlOps.ServingBench.dll` (as the image's entrypoint `dotnet /app/X.dll`), whatever started us.</summary>
    private static (string File, string[] Args)  Command()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(Server).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? (host, [dll])
            : ("dotnet", [dll]);
    }
}
