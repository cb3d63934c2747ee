using System.Diagnostics;
using System.Text;

namespace MlOps.Containers.Tests;

/// <summary>Runs scripts and dotnet with captured output; failures carry the whole output.</summary>
internal static class Run
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string All => StdOut + StdErr;
        public Result EnsureSuccess(string what)
        {
            if (ExitCode != 0) throw new AssertFailedException($"{what} failed with exit code {ExitCode}:\n{StdOut}\n{StdErr}");
            return this;
        }
        /// <summary>Value of a KEY=value line the scripts print on stdout.</summary>
        public string Value(string key) =>
            StdOut.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..]
            ?? throw new AssertFailedException($"no {key}= line in output:\n{StdOut}\n{StdErr}");
    }

    public static Result Process(string file, IEnumerable<string> args, string? workDir = null,
        IDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (workDir != null) start.WorkingDirectory = workDir;
        // dotnet test leaks MSBuild settings that would make a nested dotnet publish use the wrong SDK pieces.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["MLOPS_CONTAINERS_STATE"] = Containers.StateRoot;
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) start.Environment[k] = v;

        using var p = System.Diagnostics.Process.Start(start)!;
        var stdout = new StringBuilder(); var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine(); p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            throw new AssertFailedException($"{file} {string.Join(' ', args)} timed out\n{stdout}\n{stderr}");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.ToString(), stderr.ToString());
    }

    public static Result Script(string name, params string[] args) => Script(name, null, args);

    public static Result Script(string name, IDictionary<string, string?>? env, params string[] args) =>
        Process("bash", [Path.Combine(Containers.ScriptDir, name), .. args], env: env);

    public static Result DotNet(string workDir, params string[] args) =>
        Process("dotnet", [.. args, "-nodeReuse:false", "-tl:off"], workDir);
}
