using System.Diagnostics;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>A loopback docker-registry (Debian, distribution 2.8) from eng/containers/registry.sh, optionally with htpasswd auth.</summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly string _state;
    private readonly string? _auth;

    private LocalRegistry(string state, string? auth, string address) => (_state, _auth, Address) = (state, auth, address);

    /// <summary>localhost:PORT, the form the SDKs talk plain HTTP to.</summary>
    public string Address { get; }
    /// <summary>The registry listens on IPv4 loopback only; test HTTP clients go there directly.</summary>
    public string ApiBase => $"http://127.0.0.1:{Address.Split(':')[1]}/v2/";

    /// <param name="auth">user:password for an htpasswd-protected instance (a separate one from the anonymous).</param>
    public static LocalRegistry Start(string state, string? auth = null)
    {
        var (exit, output) = Script(state, auth is null ? ["start"] : ["start", "--auth", auth]);
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("REGISTRY=", StringComparison.Ordinal));
        if (exit != 0 || line is null) throw new AssertFailedException($"registry.sh start failed:\n{output}");
        return new LocalRegistry(state, auth, line["REGISTRY=".Length..]);
    }

    public void Dispose() => Script(_state, _auth is null ? ["stop"] : ["stop", "--auth"]);

    private static (int, string) Script(string state, string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "eng", "containers", "registry.sh"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["MLOPS_CONTAINERS_STATE"] = state;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
