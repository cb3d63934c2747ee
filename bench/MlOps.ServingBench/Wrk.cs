using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.ServingBench;

/// <summary>One wrk run's numbers (latencies in ms).</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50, double P90, double P99, long Requests, long Non2xx, string Errors, string Raw);

/// <summary>Runs wrk with a Lua script that POSTs one JSON row, and parses its --latency output.</summary>
public static partial class Wrk
{
    public static string WriteScript(string folder, string body)
    {
        var path = Path.Combine(folder, "post.lua");
        // Lua long brackets: the JSON needs no escaping.
        File.WriteAllText(path, $"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = [==[{body}]==]
            """ + "\n");
        return path;
    }

    public static void EnsureInstalled()
    {
        try { using var p = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!; p.WaitForExit(); }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("wrk is not installed: apt-get update && apt-get install -y wrk");
        }
    }

    public static WrkResult Run(string url, string script, int threads, int connections, int seconds)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", "5s", "--latency", "-s", script, url })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info) ?? throw new InvalidOperationException("Cannot start wrk.");
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit((seconds + 30) * 1000)) { p.Kill(); throw new TimeoutException("wrk did not finish."); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"wrk exited with {p.ExitCode}: {output} {err.Result}");

        double Percentile(string q)
        {
            var m = Regex.Match(output, $@"^\s*{q}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            return m.Success ? Ms(m.Groups[1].Value, m.Groups[2].Value) : double.NaN;
        }
        var rps = RpsLine().Match(output);
        var requests = RequestsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        var errors = ErrorsLine().Match(output);
        return new WrkResult(
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            Percentile("50"), Percentile("90"), Percentile("99"),
            requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors.Success ? errors.Groups[1].Value.Trim() : "",
            output);
    }

    private static double Ms(string value, string unit)
    {
        var v = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch { "us" => v / 1000, "ms" => v, _ => v * 1000 };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")] private static partial Regex RpsLine();
    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)] private static partial Regex RequestsLine();
    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")] private static partial Regex Non2xxLine();
    [GeneratedRegex(@"Socket errors:(.*)$", RegexOptions.Multiline)] private static partial Regex ErrorsLine();
}
