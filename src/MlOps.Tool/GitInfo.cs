using System.Diagnostics;
using MlOps.Core.Artifacts;

namespace MlOps.Tool;

/// <summary>The commit the project folder is at, when it lies in a git work tree and git is installed.</summary>
public static class GitInfo
{
    public static GitRecord? Read(string directory)
    {
        var commit = Run(directory, "rev-parse HEAD");
        if (commit is null || commit.Length < 40) return null;
        var status = Run(directory, "status --porcelain --untracked-files=no");
        return new GitRecord(commit, Dirty: !string.IsNullOrEmpty(status));
    }

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
