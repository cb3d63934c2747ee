using System.Diagnostics;
using System.Net;

namespace MlOps.Tool;

/// <summary>
/// Measures the published scoring service's memory: starts it on a free loopback port, waits until it is ready
/// (model loaded, one warm-up prediction run, one worker per core), and reads its peak resident set (VmHWM).
/// Linux only; null elsewhere or when the service does not come up in time.
/// </summary>
public static class ServiceMemory
{
    public static long? PeakBytes(string hostDll, TimeSpan timeout)
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
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout && !service.HasExited)
            {
                try
                {
                    if (http.GetAsync($"http://127.0.0.1:{port}/health/ready").Result.StatusCode == HttpStatusCode.OK)
                        return ProcessProbe.PeakBytes(service.Id);
                }
                catch (AggregateException) { } // not listening yet
                Thread.Sleep(100);
            }
            return null;
        }
        finally
        {
            if (!service.HasExited) service.Kill(entireProcessTree: true);
        }
    }

}
