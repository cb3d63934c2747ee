using System.Diagnostics;
using System.Globalization;
using System.Security;
using System.Text;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;

namespace MlOps.Bench;

/// <summary>A dataset benchmarked through the SDK: a real `dotnet build` of a model project, not the engine in-process.</summary>
/// <param name="Generator">Script under the shared data folder that writes <paramref name="TrainFile"/> into a folder given as its
/// argument; null = the file is in the shared data folder.</param>
/// <param name="Budget">MlOpsTrainingTime of its build; null = --budget.</param>
public sealed record SdkDataset(string Name, string TrainFile, string? Generator, string TestFile, string Label, string Metric, double Target,
    double? Budget = null)
{
    public string TrainPath(BenchOptions options, string dataDir) => Path.Combine(Generator is null ? dataDir : options.BigDataDir, TrainFile);
}

/// <summary>
/// Big files, measured as a user sees them: the whole `dotnet build` (MSBuild start, load, search, refit, test
/// scoring, importance, save) on a packed SDK, its wall time and the peak memory of every process of the build.
/// </summary>
public static class SdkBuild
{
    public static readonly IReadOnlyList<SdkDataset> All =
    [
        // taxi-fare-train.csv ×30 with jitter (3,000,000 rows); the target is what a 30 s build reaches on the 100k file.
        new("taxi-big", "taxi-big.csv", "make-big-taxi.sh", "taxi-fare-test.csv", "fare_amount", "RSquared", 0.739),
        // The file taxi-big is measured against, built the same way at the issue's 30 s, so both sit side by side in one run.
        new("taxi-fare-sdk", "taxi-fare-train.csv", null, "taxi-fare-test.csv", "fare_amount", "RSquared", 0.739, Budget: 30),
    ];

    public static SdkDataset? Find(string name) => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where generated big files live: outside the repository, reused across runs.</summary>
    public static string DefaultBigDataDirectory() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "mlops-bench");

    /// <summary>The report, and whether every determinism check (two builds under a trial budget, same model.zip bytes) passed.</summary>
    public static (string Report, bool DeterminismPass) Run(IReadOnlyList<SdkDataset> datasets, BenchOptions options, string dataDir, string workDir, TextWriter progress)
    {
        var pass = true;
        var (feed, version) = options.SdkFeed is { } f ? (f, options.SdkVersion!) : Pack(workDir, progress);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Through the SDK (MlOps.Sdk {version}, `dotnet build -nodeReuse:false`, seed {options.Seed}{(options.MaxMemoryMb is int m ? $", MlOpsMaxMemoryMB={m}" : "")}):");
        sb.AppendLine();
        sb.AppendLine("| dataset | MlOpsTrainingTime | metric | value | target | ratio | R² within the training labels | trials | wall s | peak MB (max process) | peak MB per process | load avg (1 min) before / after |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var d in datasets)
        {
            var train = d.TrainPath(options, dataDir);
            if (!File.Exists(train)) Generate(d, dataDir, options.BigDataDir, progress);
            progress.Write($"  {d.Name} through the SDK ({d.Budget ?? options.Budget:0.#} s budget) ... ");
            var row = Build(d, train, Path.Combine(dataDir, d.TestFile), feed, version, options, Path.Combine(workDir, d.Name), new Dictionary<string, string>()).Row;
            progress.WriteLine(row);
            sb.AppendLine(row);
        }
        foreach (var d in options.DeterminismTrials > 0 ? datasets : [])
        {
            var (line, ok) = Determinism(d, d.TrainPath(options, dataDir), Path.Combine(dataDir, d.TestFile), feed, version, options, workDir, progress);
            sb.AppendLine().AppendLine(line);
            pass &= ok;
        }
        return (sb.ToString(), pass);
    }

    /// <summary>
    /// Two builds in separate folders with the same seed and MlOpsMaxTrials (and a time budget the trials never reach):
    /// on big files this covers the seeded subsample, the rungs and the refit on all rows, through the SDK.
    /// </summary>
    private static (string Line, bool Pass) Determinism(SdkDataset d, string train, string test, string feed, string version, BenchOptions options,
        string workDir, TextWriter progress)
    {
        var extra = new Dictionary<string, string>
        {
            ["MlOpsMaxTrials"] = options.DeterminismTrials.ToString(CultureInfo.InvariantCulture),
            ["MlOpsTrainingTime"] = "600",
        };
        var hashes = new string?[2];
        for (var i = 0; i < 2; i++)
        {
            progress.Write($"  determinism {d.Name} through the SDK, run {i + 1}/2 ... ");
            var dir = Path.Combine(workDir, $"{d.Name}-determinism-{i + 1}");
            var (row, model) = Build(d, train, test, feed, version, options, dir, extra);
            hashes[i] = model is not null && File.Exists(model) ? FileHash.Sha256(model) : null;
            progress.WriteLine(hashes[i] is { } h ? $"sha256 {h[..16]}…" : $"FAILED: {row}");
        }
        var pass = hashes[0] is not null && hashes[0] == hashes[1];
        return ($"Determinism through the SDK ({d.Name}, seed {options.Seed}, MlOpsMaxTrials={options.DeterminismTrials}, two builds): " +
            $"model.zip `{hashes[0]?[..16] ?? "none"}…` and `{hashes[1]?[..16] ?? "none"}…`: **{(pass ? "PASS" : "FAIL")}**", pass);
    }

    /// <summary>One timed build; the row for the table and the model.zip it wrote (null when it failed).</summary>
    private static (string Row, string? Model) Build(SdkDataset d, string train, string test, string feed, string version, BenchOptions options, string dir,
        IReadOnlyDictionary<string, string> extra)
    {
        Directory.CreateDirectory(dir);
        var budget = d.Budget ?? options.Budget;
        var properties = new Dictionary<string, string>
        {
            ["MlOpsLabelColumn"] = d.Label,
            ["MlOpsTrainingTime"] = budget.ToString(CultureInfo.InvariantCulture),
            ["MlOpsSeed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        };
        if (options.MaxMemoryMb is int mb) properties["MlOpsMaxMemoryMB"] = mb.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, setting) in extra) properties[key] = setting;
        File.WriteAllText(Path.Combine(dir, "Model.csproj"), $"""
            <Project Sdk="MlOps.Sdk/{version}">
              <PropertyGroup>
            {string.Concat(properties.Select(p => $"    <{p.Key}>{SecurityElement.Escape(p.Value)}</{p.Key}>\n"))}  </PropertyGroup>
              <ItemGroup>
                <MlOpsTrainingData Include="{SecurityElement.Escape(train)}" />
                <MlOpsTestData Include="{SecurityElement.Escape(test)}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><add key="mlops-bench" value="{SecurityElement.Escape(feed)}" /></packageSources></configuration>
            """);
        // Restore first, so the measured build is what a user's second command does: MSBuild, training, outputs.
        var restore = Run(dir, ["restore", "-nodeReuse:false"], null);
        if (restore.ExitCode != 0) return ($"| {d.Name} | restore FAILED (exit {restore.ExitCode}), log {dir}/build.log |", null);
        var loadBefore = LoadAverage();
        var build = Run(dir, ["build", "--no-restore", "-nodeReuse:false", "-tl:off"], Path.Combine(dir, "build.log"));
        var loadAfter = LoadAverage();
        var top = build.Peaks.Count == 0 ? double.NaN : build.Peaks.Max(p => p.PeakMb);
        var perProcess = string.Join(", ", build.Peaks.Where(p => p.PeakMb >= 20).Select(p => $"{p.Name} {p.PeakMb:0}"));
        var metricsPath = Path.Combine(dir, "bin", "Debug", "net10.0", "mlops", ArtifactFiles.Metrics);
        if (build.ExitCode != 0 || !File.Exists(metricsPath))
            return (string.Create(CultureInfo.InvariantCulture, $"| {d.Name} | {budget:0.#} | {d.Metric} | FAILED (exit {build.ExitCode}) | {d.Target:0.000} | — | — | — | {build.Wall:0.0} | {top:0} | {perProcess} | {loadBefore} / {loadAfter} |"), null);
        var metrics = MlOpsJson.Read<MetricsReport>(metricsPath);
        var value = metrics.Test.GetValueOrDefault(d.Metric, double.NaN);
        // The model.zip the build wrote, scored again on the test file: the same R², and the R² within the training labels.
        var within = d.Metric == "RSquared" ? LabelRange.OfBuild(Path.GetDirectoryName(metricsPath)!, test).Describe() : "—";
        return (string.Create(CultureInfo.InvariantCulture,
            $"| {d.Name} | {budget:0.#} | {d.Metric} | {value:0.000} | {d.Target:0.000} | {value / d.Target:0.000} | {within} | {metrics.Trials.Count} | {build.Wall:0.0} | {top:0} | {perProcess} | {loadBefore} / {loadAfter} |"),
            Path.Combine(Path.GetDirectoryName(metricsPath)!, ArtifactFiles.Model));
    }

    private static (int ExitCode, double Wall, IReadOnlyList<(int Pid, string Name, double PeakMb)> Peaks) Run(string dir, string[] args, string? logPath)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start dotnet.");
        using var peaks = new ProcessTreePeak(process.Id);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        if (logPath is not null) File.WriteAllText(logPath, stdout + stderr.Result);
        return (process.ExitCode, wall, peaks.Peaks());
    }

    private static (string, string) Pack(string workDir, TextWriter progress)
    {
        var version = $"0.0.0-bench.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var feed = Path.Combine(workDir, "feed");
        progress.WriteLine($"  packing MlOps.Sdk {version} into {feed} ...");
        var packed = Run(Datasets.RepositoryRoot(), ["pack", "sdk/MlOps.Sdk.csproj", "-c", "Release", "-o", feed, $"-p:Version={version}", "-nodeReuse:false", "-tl:off"],
            Path.Combine(workDir, "pack.log"));
        return packed.ExitCode == 0 ? (feed, version) : throw new InvalidOperationException($"Packing the SDK failed (log: {workDir}/pack.log).");
    }

    public static void Generate(SdkDataset d, string dataDir, string outDir, TextWriter progress)
    {
        progress.WriteLine($"  generating {d.TrainFile} with {d.Generator} into {outDir} ...");
        Directory.CreateDirectory(outDir);
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(dataDir, d.Generator ?? throw new FileNotFoundException($"{d.TrainFile} is missing from {dataDir}.")));
        info.ArgumentList.Add(outDir);
        using var p = Process.Start(info) ?? throw new InvalidOperationException("Cannot start bash.");
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{d.Generator} failed (exit {p.ExitCode}).");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
