using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MlOps.Tests.Shared;

/// <summary>
/// Debian's Prometheus through eng/prometheus.sh: promtool for the rule files, and a real server on loopback for the
/// end-to-end alert test. The script installs the package on a fresh CI machine; its state goes to this test run's
/// own folder (MLOPS_CONTAINERS_STATE), so parallel runs never share a server.
/// </summary>
internal sealed class LocalPrometheus : IAsyncDisposable
{
    private static readonly string StateRoot = Path.Combine(Path.GetTempPath(), $"mlops-prometheus-{Guid.NewGuid():N}");
    private static readonly Lazy<string> PromtoolPath = new(() =>
    {
        var (exit, output) = Script("install");
        Assert.AreEqual(0, exit, $"eng/prometheus.sh install failed:\n{output}");
        return output.Split('\n').Single(l => l.StartsWith("PROMTOOL=", StringComparison.Ordinal))["PROMTOOL=".Length..].Trim();
    });

    private readonly string _name;

    private LocalPrometheus(string name, Uri address)
    {
        _name = name;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    /// <summary>promtool with the arguments, from the folder (rule files name each other relative to it): exit code and output.</summary>
    public static (int Exit, string Output) Promtool(string workingDirectory, params string[] args) =>
        Run(PromtoolPath.Value, workingDirectory, args);

    public static LocalPrometheus Start(string config)
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        var (exit, output) = Script("start", "--config", config, "--name", name);
        Assert.AreEqual(0, exit, $"eng/prometheus.sh start failed:\n{output}");
        var address = output.Split('\n').Single(l => l.StartsWith("PROMETHEUS=", StringComparison.Ordinal))["PROMETHEUS=".Length..].Trim();
        return new LocalPrometheus(name, new Uri(address));
    }

    /// <summary>GET an /api/v1 path; the "data" member of a "success" answer.</summary>
    public async Task<JsonNode> ApiAsync(string path)
    {
        var answer = await Client.GetFromJsonAsync<JsonNode>(path);
        Assert.AreEqual("success", (string?)answer?["status"], $"{path}: {answer}");
        return answer!["data"]!;
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Script("stop", "--name", _name);
        // The run's state folder, once its last server is gone.
        if (Directory.Exists(StateRoot) && !Directory.EnumerateFileSystemEntries(StateRoot).Any()) Directory.Delete(StateRoot);
        return ValueTask.CompletedTask;
    }

    private static (int Exit, string Output) Script(params string[] args) =>
        Run("bash", Repo.Root(), [Path.Combine(Repo.Root(), "eng", "prometheus.sh"), .. args]);

    private static (int Exit, string Output) Run(string file, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["MLOPS_CONTAINERS_STATE"] = StateRoot;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
