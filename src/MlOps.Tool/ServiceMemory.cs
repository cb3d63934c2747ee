using System.Diagnostics;
using System.Net;
using System.Text;

namespace MlOps.Tool;

/// <summary>
/// Measures the published scoring service's memory under a short load: starts it on a free loopback port, waits until
/// it is ready (model loaded, one warm-up prediction run, one worker per core), sends a bounded burst of
/// POST /predict/batch requests (at most <see cref="BurstRequests"/> requests and <see cref="BurstTime"/>, from
/// <see cref="BurstClients"/> concurrent clients, to 127.0.0.1 only), then reads its peak resident set (VmHWM).
/// Linux only; null elsewhere or when the service does not come up in time.
/// </summary>
public static class ServiceMemory
{
    public const int BurstRequests = 1000;
    public const int BurstClients = 16;
    public static readonly TimeSpan BurstTime = TimeSpan.FromSeconds(4);

    /// <param name="Answered">Requests of the burst answered 200 (0 when there was no sample to send: the idle peak).</param>
    public sealed record Measurement(long PeakBytes, int Answered, int Sent);

    /// <param name="batchCsv">The body of each request (text/csv rows of the model's features); null measures at idle.</param>
    public static async Task<Measurement?> PeakAsync(string hostDll, string? batchCsv, TimeSpan timeout, CancellationToken cancellation)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(hostDll)) return null;
        var port = ProcessProbe.FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet", [hostDll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var service = Process.Start(start)!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = BurstClients })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(10),
            };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout && !service.HasExited)
            {
                try
                {
                    using var ready = await http.GetAsync("/health/ready", cancellation);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        var (answered, sent) = batchCsv is null ? (0, 0) : await Burst(http, batchCsv);
                        return ProcessProbe.PeakBytes(service.Id) is long peak ? new Measurement(peak, answered, sent) : null;
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellation.IsCancellationRequested)) { } // not listening yet
                await Task.Delay(100, cancellation);
            }
            return null;
        }
        finally
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// BurstClients loops sharing one request budget, each sending no new request once the budget or the time is up;
    /// a request in flight then still completes (within the client's timeout), so every request sent is judged.
    /// </summary>
    private static async Task<(int Answered, int Sent)> Burst(HttpClient http, string csv)
    {
        int claimed = 0, sent = 0, answered = 0;
        var clock = Stopwatch.StartNew();
        async Task Client()
        {
            while (clock.Elapsed < BurstTime && Interlocked.Increment(ref claimed) <= BurstRequests)
            {
                Interlocked.Increment(ref sent);
                try
                {
                    using var response = await http.PostAsync("/predict/batch", new StringContent(csv, Encoding.UTF8, "text/csv"));
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref answered);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { } // refused or timed out: not answered
            }
        }
        await Task.WhenAll(Enumerable.Range(0, BurstClients).Select(_ => Task.Run(Client)));
        return (answered, sent);
    }
}
