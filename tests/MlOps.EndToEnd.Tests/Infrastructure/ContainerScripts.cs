using System.Diagnostics;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs the eng/containers scripts (registry, offline base image, dockerd) against one state folder. They print
/// KEY=value results on stdout and progress on stderr, so stdout is the result (plus stderr when they fail).
/// </summary>
public static class ContainerScripts
{
    public static CommandResult Run(string state, string name, params string[] args) => Run(state, null, name, args);

    /// <param name="environment">Extra variables for the script, e.g. REGISTRY_AUTH for base-image.sh.</param>
    public static CommandResult Run(string state, IDictionary<string, string>? environment, string name, params string[] args) =>
        Capture("bash", [Path.Combine(RepoPaths.Root, "eng", "containers", name), .. args],
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["MLOPS_CONTAINERS_STATE"] = state });

    /// <summary>A command's stdout, with its stderr appended only when it fails (the docker CLI too) or when asked (docker logs).</summary>
    public static CommandResult Capture(string file, IEnumerable<string> args, IDictionary<string, string> environment, bool withStderr = false)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new CommandResult(process.ExitCode, process.ExitCode == 0 && !withStderr ? stdout : stdout + stderr.Result);
    }

    /// <summary>stdout of a script that must succeed (a failing `stop` is let go: there may be nothing to stop).</summary>
    public static string Checked(string state, string name, params string[] args) => Checked(state, null, name, args);

    public static string Checked(string state, IDictionary<string, string>? environment, string name, params string[] args)
    {
        var result = Run(state, environment, name, args);
        if (result.ExitCode != 0 && args[0] != "stop") throw new AssertFailedException($"{name} {string.Join(' ', args)} failed:\n{result.Output}");
        return result.Output;
    }

    public static string Value(string output, string key) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..]
        ?? throw new AssertFailedException($"no {key}= line in:\n{output}");
}
