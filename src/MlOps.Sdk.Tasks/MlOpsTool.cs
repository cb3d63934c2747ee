using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlOps.Sdk.Tasks;

/// <summary>
/// Runs one command of the MlOps tool (<c>dotnet MlOps.Tool.dll COMMAND OPTIONSFILE</c>).
/// The tool prints MSBuild canonical messages (<c>file(line) : error MLOPSnnnn: text</c>), which
/// ToolTask turns into real errors and warnings; every other line is logged as progress.
/// Cancelling the build kills the tool's process tree; the tool stages its outputs, so nothing is half-written.
/// </summary>
public sealed class MlOpsTool : ToolTask
{
    /// <summary>The tool's command, e.g. <c>train</c>.</summary>
    [Required] public string Command { get; set; } = "";

    /// <summary>Path of MlOps.Tool.dll inside the SDK package.</summary>
    [Required] public string ToolAssembly { get; set; } = "";

    /// <summary>A key=value file holding the command's settings; it doubles as the incremental-build cache.</summary>
    [Required] public string OptionsFile { get; set; } = "";

    /// <summary>The command's settings, one <c>Key=Value</c> item per line: written to <see cref="OptionsFile"/> (only
    /// when they changed) before the tool starts. Empty: the file was written ahead (<see cref="MlOpsWriteOptions"/>).</summary>
    public ITaskItem[] Options { get; set; } = [];

    /// <summary>One-off flags (e.g. --update-schema, --display-output=DIR) that must not be part of the cached settings.</summary>
    public string[] Flags { get; set; } = [];

    /// <summary>Exit codes besides 0 that are an answer, not a failure (the rollout decision's 3 = hold, 4 = roll back):
    /// the task succeeds and the target reads <see cref="ToolTask.ExitCode"/> to turn the answer into its own error.</summary>
    public int[] AnswerExitCodes { get; set; } = [];

    protected override string ToolName => OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    // The dotnet CLI tells MSBuild which host started it; fall back to PATH.
    protected override string GenerateFullPathToTool() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : ToolName;

    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendFileNameIfNotNull(ToolAssembly);
        builder.AppendSwitch(Command);
        builder.AppendFileNameIfNotNull(OptionsFile);
        // "--name=value" keeps its value quoted as one argument (a path may hold spaces).
        foreach (var flag in Flags)
        {
            var equals = flag.IndexOf('=');
            if (equals < 0) builder.AppendSwitch(flag);
            else builder.AppendSwitchIfNotNull(flag[..(equals + 1)], flag[(equals + 1)..]);
        }
        return builder.ToString();
    }

    public override bool Execute()
    {
        if (Options.Length > 0) Tasks.OptionsFile.WriteIfChanged(OptionsFile, Options);
        return base.Execute();
    }

    protected override bool HandleTaskExecutionErrors() =>
        (AnswerExitCodes.Contains(ExitCode) && !Log.HasLoggedErrors) || base.HandleTaskExecutionErrors();

    protected override bool ValidateParameters()
    {
        if (File.Exists(ToolAssembly)) return true;
        Log.LogError(null, "MLOPS0003", null, null, 0, 0, 0, 0,
            "The MlOps tool was not found at '{0}' (MlOpsToolAssembly). Unless you set that property, the MlOps.Sdk package looks incomplete: clear it from the NuGet cache and restore again.", ToolAssembly);
        return false;
    }

    // Trial progress is what the user waits for: show it at the default verbosity.
    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.High;

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.High;

    /// <summary>
    /// Progress lines (<see cref="ToolOutput"/>) become the events each logger shows. MSBuild 10.0.4xx's terminal
    /// logger shows no build message below detailed verbosity, and its only channel for live, task-driven text is the
    /// extended-message protocol the test platforms use (TLTESTPASSED updates a node's status line, TLTESTOUTPUT prints
    /// a line that stays). The train target runs this task in a node of its own whose target is named for that
    /// protocol (build/MlOps.Train.proj). The console logger prints the same events as ordinary messages.
    /// </summary>
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance) =>
        LogToolLine(singleLine, messageImportance);

    internal void LogToolLine(string singleLine, MessageImportance messageImportance)
    {
        if (!ToolOutput.TryParse(singleLine, out var kind, out var fields))
        {
            base.LogEventsFromTextOutput(singleLine, messageImportance);
            return;
        }
        switch (kind)
        {
            case ToolOutput.Status:
                BuildEngine.LogMessageEvent(new ExtendedBuildMessageEventArgs("TLTESTPASSED", fields[2], null, "MlOps", MessageImportance.High)
                {
                    ExtendedMetadata = new Dictionary<string, string?> { ["localizedResult"] = fields[0], ["displayName"] = fields[1] },
                });
                break;
            case ToolOutput.Summary:
                BuildEngine.LogMessageEvent(new ExtendedBuildMessageEventArgs("TLTESTOUTPUT", fields[0], null, "MlOps", MessageImportance.High)
                {
                    ExtendedMetadata = new Dictionary<string, string?>(),
                });
                break;
            default:
                Log.LogMessage(MessageImportance.Low, fields[0]);
                break;
        }
    }
}
