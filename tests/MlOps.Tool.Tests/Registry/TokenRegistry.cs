using System.Diagnostics;

namespace MlOps.Tool.Tests.Registry;

/// <summary>
/// Debian's docker-registry (distribution 2.8) from eng/containers/registry.sh in token mode, trusting a
/// <see cref="TokenServer"/> in this process; its state in a folder of its own, so other runs never share it.
/// </summary>
public sealed class TokenRegistry : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"mlops-token-registry-{Guid.NewGuid():N}");

    public TokenServer Tokens { get; }

    /// <summary>127.0.0.1:PORT: loopback, so plain HTTP, and on the token realm's host.</summary>
    public string Address { get; }

    public TokenRegistry()
    {
        Directory.CreateDirectory(_state);
        Tokens = new TokenServer(Path.Combine(_state, "token-root.pem"));
        var (exit, output) = Script("start", "--token", Tokens.Realm, Path.Combine(_state, "token-root.pem"));
        if (exit != 0) { Tokens.Dispose(); Assert.Fail($"registry.sh start --token failed:\n{output}"); }
        var address = output.Split('\n').Single(l => l.StartsWith("REGISTRY=", StringComparison.Ordinal))["REGISTRY=".Length..].Trim();
        Address = "127.0.0.1:" + address.Split(':')[1];
    }

    private (int Exit, string Output) Script(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Repo.Root(), "eng", "containers", "registry.sh"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["MLOPS_CONTAINERS_STATE"] = _state;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    public void Dispose()
    {
        Script("stop", "--token");
        Tokens.Dispose();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
    }
}
