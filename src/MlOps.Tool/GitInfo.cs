using System.Diagnostics;
using MlOps.Core.Artifacts;

namespace MlOps.Tool;

/// <summary>
/// The commit the model was trained at: <c>$(SourceRevisionId)</c> when the build has one (set by CI with
/// <c>-p:SourceRevisionId=…</c>, or by Source Link), else what git says of the project folder, when it lies in a git
/// work tree and git is installed. The revision reaches the tool in <see cref="RevisionVariable"/>, not in the train
/// options, so a new commit alone never retrains.
/// </summary>
public static class GitInfo
{
    /// <summary>The environment variable the train target sets from <c>$(SourceRevisionId)</c>.</summary>
    public const string RevisionVariable = "MLOPS_SOURCE_REVISION_ID";

    public static GitRecord? Read(string directory, string? sourceRevisionId = null)
    {
        var given = IsCommit(sourceRevisionId) ? sourceRevisionId!.ToLowerInvariant() : null;
        var commit = given ?? Run(directory, "rev-parse HEAD");
        if (commit is null || commit.Length < 40) return null;
        // Uncommitted changes are git's to tell; without git (a CI copy of the sources) the given revision is clean.
        var status = Run(directory, "status --porcelain --untracked-files=no");
        return new GitRecord(commit, Dirty: !string.IsNullOrEmpty(status));
    }

    /// <summary>A full commit id: 40 (SHA-1) or 64 (SHA-256) hex digits; anything else falls back to git.</summary>
    private static bool IsCommit(string? value) =>
        value is { Length: 40 or 64 } && value.All(Uri.IsHexDigit);

    private static string? Run(string directory, string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd();
            if (!git.WaitForExit(10_000) || git.ExitCode != 0) return null;
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // git not installed
    }
}
