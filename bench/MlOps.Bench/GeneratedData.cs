using System.Diagnostics;

namespace MlOps.Bench;

/// <summary>
/// Datasets built by a script of the shared data folder (e.g. make-fortunes.sh) live outside the repository, in
/// $MLOPS_BENCH_GENERATED_DATA or else a fixed folder under the temp directory, so they are built once per machine.
/// An environment variable rather than an option: the child processes inherit it.
/// </summary>
public static class GeneratedData
{
    public const string Variable = "MLOPS_BENCH_GENERATED_DATA";

    public static string Directory() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(Path.GetTempPath(), "mlops-bench-data");

    /// <summary>Runs the dataset's generator when one of its files is missing; throws when the script fails.</summary>
    public static void Ensure(Dataset dataset, string sharedDir, TextWriter progress)
    {
        if (dataset.Generator is null || (File.Exists(dataset.TrainPath(sharedDir)) && File.Exists(dataset.TestPath(sharedDir)))) return;
        var folder = Directory();
        progress.WriteLine($"  {dataset.Name}: generating into {folder} with {dataset.Generator} ...");
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(sharedDir, dataset.Generator));
        info.ArgumentList.Add(folder);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {dataset.Generator}.");
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{dataset.Generator} {folder} failed with exit code {process.ExitCode}.");
    }
}
