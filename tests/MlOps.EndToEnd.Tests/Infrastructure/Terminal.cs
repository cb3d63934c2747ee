using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real terminal for the tests that assert what a user sees: a bash shell in a tmux pane of a private tmux server.
/// `dotnet` there finds a terminal on its output, so it uses .NET's terminal logger (the default, -tl:auto) exactly as
/// in a developer's shell; the screen is read back as text with tmux capture-pane. The environment is a user's, not
/// the test host's: no MSBuild/VSTest variables of `dotnet test`, and no CI variables (with CI=true the .NET CLI falls
/// back to the console logger).
/// </summary>
public sealed class Terminal : IDisposable
{
    private static readonly Lazy<string> Tmux = new(InstallTmux);
    private static readonly string[] CiVariables = ["CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "BUILD_BUILDID", "JENKINS_URL"];
    private readonly string _socket;
    private int _commands;

    private Terminal(string socket) => _socket = socket;

    public static Terminal Start(string workingDirectory, IDictionary<string, string>? environment = null, int width = 200, int height = 50)
    {
        var socket = Path.Combine(Path.GetTempPath(), $"mlops-tmux-{Guid.NewGuid():N}"[..24]);
        var terminal = new Terminal(socket);
        var start = terminal.TmuxCommand(["new-session", "-d", "-s", "user", "-x", width.ToString(), "-y", height.ToString(),
            "-c", workingDirectory, "bash --norc --noprofile"]);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_HOST", StringComparison.OrdinalIgnoreCase)
                     || CiVariables.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        Run(start);
        // A long build must not scroll its first lines out of the pane's history.
        terminal.Control(["set-option", "-t", "user", "history-limit", "100000"]);
        return terminal;
    }

    /// <summary>
    /// Types a command line and waits for it to finish. <paramref name="watch"/> sees the visible screen about every
    /// 200 ms while it runs (live output that the terminal logger later erases). Returns the exit code and everything
    /// the command left in the pane's history and on screen.
    /// </summary>
    public CommandResult Type(string commandLine, TimeSpan timeout, Action<string>? watch = null)
    {
        var n = ++_commands;
        // The quotes split the markers as typed, so only the echoed output matches the patterns below.
        Control(["send-keys", "-t", "user", $"echo '@@begin-'{n}; {commandLine}; echo '@@exit-'{n}-$?", "Enter"]);
        var end = new Regex($@"^@@exit-{n}-(\d+)\s*$", RegexOptions.Multiline);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var all = Capture(history: true);
            if (end.Match(all) is { Success: true } done)
            {
                var begin = all.IndexOf($"\n@@begin-{n}\n", StringComparison.Ordinal);
                var text = all[(begin < 0 ? 0 : begin + $"\n@@begin-{n}\n".Length)..done.Index];
                return new CommandResult(int.Parse(done.Groups[1].Value), text);
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{commandLine}' did not finish in {timeout}; the terminal shows:\n{Capture(history: false)}");
            watch?.Invoke(Capture(history: false));
            Thread.Sleep(200);
        }
    }

    /// <summary>The pane as text: the visible screen, or the whole history with it; wrapped lines joined.</summary>
    public string Capture(bool history) =>
        Control(history ? ["capture-pane", "-p", "-J", "-t", "user", "-S", "-"] : ["capture-pane", "-p", "-J", "-t", "user"]);

    public void Dispose()
    {
        try { Run(TmuxCommand(["kill-server"])); } catch (InvalidOperationException) { }
        File.Delete(_socket);
    }

    private string Control(string[] args) => Run(TmuxCommand(args));

    private ProcessStartInfo TmuxCommand(string[] args)
    {
        var start = new ProcessStartInfo(Tmux.Value) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-S");
        start.ArgumentList.Add(_socket);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    private static string Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', start.ArgumentList)} failed: {stderr.Result}");
        return stdout;
    }

    private static string InstallTmux()
    {
        var result = ContainerScripts.Capture("bash", [Path.Combine(RepoPaths.Root, "eng", "terminal.sh")], new Dictionary<string, string>());
        if (result.ExitCode != 0) throw new InvalidOperationException("eng/terminal.sh failed:\n" + result.Output);
        return result.Output.Trim().Split('\n')[^1];
    }
}
