using System.Diagnostics;
using System.Runtime.InteropServices;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>Ctrl+C during training stops the trainer process and leaves the previous outputs intact.</summary>
[TestClass]
public sealed partial class CancellationTests
{
    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
    private const int SigInt = 2;

    [TestMethod]
    public void CtrlCDuringTrainingKeepsPreviousOutputs()
    {
        var project = ModelProject.CreateSynthetic("cancel", rows: 400, seed: 4);
        BuildAssert.Succeeded(project.Build());
        var before = project.SnapshotOutputs();

        project.Properties.Remove("MlOpsMaxTrials");
        project.Set("MlOpsTrainingTime", "120").Save();
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-nodeReuse:false", "-tl:off"])
        {
            WorkingDirectory = project.Directory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var started = Stopwatch.StartNew();
        string? line;
        while ((line = build.StandardOutput.ReadLine()) is not null && !line.Contains("MlOps: trial"))
            Assert.IsTrue(started.Elapsed < TimeSpan.FromMinutes(3), "training never started");
        Assert.IsNotNull(line, "the build ended before a trial finished");

        Assert.AreEqual(0, SendSignal(build.Id, SigInt));
        build.StandardOutput.ReadToEnd();
        Assert.IsTrue(build.WaitForExit(TimeSpan.FromSeconds(60)), "the build did not stop after Ctrl+C");
        Assert.AreNotEqual(0, build.ExitCode);
        Assert.IsTrue(started.Elapsed < TimeSpan.FromSeconds(110), "the build ran on to the end of its budget");

        Assert.IsFalse(TrainerStillRunning(project.Directory), "the trainer process outlived the build");
        CollectionAssert.AreEquivalent(before.ToList(), project.SnapshotOutputs().ToList(), "Ctrl+C touched the previous outputs");
    }

    private static bool TrainerStillRunning(string projectDirectory) =>
        Directory.GetDirectories("/proc").Any(dir =>
        {
            try { return File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("MlOps.Tool.dll") && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(projectDirectory); }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        });
}
