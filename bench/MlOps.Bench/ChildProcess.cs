using System.Diagnostics;
using System.Globalization;

namespace MlOps.Bench;

/// <summary>One finished child run, seen from the parent.</summary>
public sealed record ChildOutcome(Dataset Dataset, ChildResult? Result, double WallSeconds, int ExitCode, string LogPath, string Failure);

/// <summary>Parent side: re-invokes this program as `--child NAME ...` so each dataset's peak memory is its own.</summary>
public static class ChildProcess
{
    public static ChildOutcome Run(Dataset dataset, double budgetSeconds, int seed, int? maxTrials, string? savePath, string logPath)
    {
        var start = Command();
        var args = new List<string>(start.Args)
        {
            "--child", dataset.Name,
            "--budget", budgetSeconds.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
        };
        if (maxTrials is int n) args.AddRange(["--max-trials", n.ToString(CultureInfo.InvariantCulture)]);
        if (savePath is not null) args.AddRange(["--save", savePath]);

        var info = new ProcessStartInfo(start.File)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) info.ArgumentList.Add(a);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {start.File}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;

        File.WriteAllText(logPath, $"$ {start.File} {string.Join(' ', args)}\n{stderr.Result}\n--- stdout ---\n{stdout}");
        var result = process.ExitCode == 0 ? ChildResult.FromOutput(stdout) : null;
        var failure = result is not null ? "" : LastLines(stdout + "\n" + stderr.Result, 6);
        return new ChildOutcome(dataset, result, wall, process.ExitCode, logPath, failure);
    }

    /// <summary>The apphost directly, or `dotnet MlOps.Bench.dll` when started through the dotnet host.</summary>
    private static (string File, string[] Args) Command()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(ChildProcess).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? (host, [dll])
            : (host, []);
    }

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));
}
