using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MlOps.ServingBench;

/// <summary>Parent: trains the model, starts both servers in child processes, drives them with wrk, prints the table.</summary>
public static class ServingBench
{
    private const string Ours = "ours (ScoringHost)";
    private const string Base = "baseline (PredictionEngine pool)";
    private const string Captured = "ours, capture on (100%)";
    private const string Shadowed = "ours, shadow on (2 models)";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Round(int Number, string Server, WrkResult Load, WrkResult Single);

    /// <summary>The capture server after the rounds: what it answered, what it wrote (files read after a graceful stop).</summary>
    /// <summary>The shadow server after the rounds: rows the background model scored (compared) and dropped (queue full).</summary>
    private sealed record ShadowResult(double Answered, double Compared, double Dropped, double PeakMb);

    private sealed record CaptureResult(double Answered, double DroppedQueue, double DroppedFull, double DroppedError,
        long RowsInFiles, int Files, int OpenFiles, double FolderMb, double PeakMb, int ExitCode);

    public static async Task<int> RunAsync(BenchOptions o)
    {
        Wrk.EnsureInstalled();
        var dataDir = o.Data ?? DataDirectory();
        var work = Path.Combine(Path.GetTempPath(), $"mlops-servingbench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var progress = Console.Error;
        try
        {
            progress.WriteLine($"training heart (MaxTrials {o.Trials}) into {work}/model ...");
            var model = HeartModel.Train(dataDir, Path.Combine(work, "model"), o.Trials, 60);
            progress.WriteLine(string.Create(Inv, $"  {model.Trainer}, {model.Trials} trials, {model.TrainSeconds:0.0} s; request {model.RequestJson}"));
            var script = Wrk.WriteScript(work, model.RequestJson);

            // Cold starts: N fresh child processes each; the last one of each stays up for the load runs.
            var cold = new Dictionary<string, List<double>> { [Ours] = [], [Base] = [] };
            Server? ours = null, baseline = null, captured = null, shadowed = null;
            try
            {
                for (var i = 0; i < o.ColdStarts; i++)
                {
                    // Alternate who starts first (the first start after training also pays for a cold file cache).
                    var pair = new[] { (Ours, "--serve-ours"), (Base, "--serve-baseline") };
                    foreach (var (name, flag) in i % 2 == 0 ? pair : pair.Reverse())
                    {
                        var server = await Server.StartAsync(name, flag, model.Folder, model.RequestJson);
                        cold[name].Add(server.ColdStartMs);
                        progress.WriteLine(string.Create(Inv, $"  cold start {i + 1}/{o.ColdStarts} {name}: {server.ColdStartMs:0} ms (port {server.Port})"));
                        if (i < o.ColdStarts - 1) server.Dispose();
                        else if (name == Ours) ours = server;
                        else baseline = server;
                    }
                }
                // Ours again with data capture on (CSV files, every row): the same load, side by side with capture off.
                var captureDir = Path.Combine(work, "capture");
                captured = await Server.StartAsync(Captured, "--serve-ours-capture", model.Folder, model.RequestJson, captureDir);
                // Ours again with two models in shadow mode (docs/rollout.md): the same model baked in as the champion, which
                // answers, while the challenger scores every row off the request path.
                shadowed = await Server.StartAsync(Shadowed, "--serve-ours-shadow", TwoModelFolder(model.Folder, work), model.RequestJson);
                var answerOurs = await Server.PostAsync(ours!.Url, model.RequestJson);
                var answerBase = await Server.PostAsync(baseline!.Url, model.RequestJson);
                progress.WriteLine($"  answers: ours {answerOurs}; baseline {answerBase}");

                var rounds = new List<Round>();
                for (var r = 1; r <= o.Rounds; r++)
                {
                    // Alternate who goes first so a drifting machine load does not always favour the same one.
                    var order = r % 2 == 1 ? new[] { ours, shadowed, captured, baseline } : new[] { baseline, captured, shadowed, ours };
                    foreach (var s in order)
                    {
                        progress.Write($"  round {r}/{o.Rounds} {s.Name}: warm-up ... ");
                        Wrk.Run(s.Url, script, o.Threads, o.Connections, 3);
                        var load = Wrk.Run(s.Url, script, o.Threads, o.Connections, o.Seconds);
                        var single = Wrk.Run(s.Url, script, 1, 1, o.Seconds);
                        progress.WriteLine(string.Create(Inv, $"{load.RequestsPerSecond:0} req/s at -c{o.Connections}; single p50 {single.P50:0.000} ms p99 {single.P99:0.000} ms"));
                        rounds.Add(new Round(r, s.Name, load, single));
                    }
                }

                var capture = await StopCaptureAsync(captured, captureDir);
                var shadow = new ShadowResult(await shadowed.MetricAsync(Success("champion")), await shadowed.MetricAsync("mlops_shadow_compared_total"),
                    await shadowed.MetricAsync("mlops_shadow_dropped_total"), shadowed.PeakMb());
                Console.WriteLine(Report(o, model, cold, rounds, ours.PeakMb(), baseline.PeakMb(), answerOurs, answerBase, work, capture, shadow));
                var bad = rounds.Any(x => x.Load.Non2xx > 0 || x.Single.Non2xx > 0) || capture.RowsInFiles != (long)capture.Answered;
                return bad ? 1 : 0;
            }
            finally
            {
                ours?.Dispose();
                baseline?.Dispose();
                captured?.Dispose();
                shadowed?.Dispose();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 3;
        }
    }

    /// <summary>Scrapes the capture server's counters, stops it gracefully (SIGTERM: the queue drains, files are renamed) and counts the rows in its files.</summary>
    private static async Task<CaptureResult> StopCaptureAsync(Server server, string folder)
    {
        async Task<double> M(string series) => await server.MetricAsync(series);
        var answered = await M(Success("challenger"));
        var (queue, full, error) = (await M("mlops_capture_dropped_total{reason=\"queue\"}"), await M("mlops_capture_dropped_total{reason=\"full\"}"),
            await M("mlops_capture_dropped_total{reason=\"error\"}"));
        var peak = server.PeakMb();
        var exit = server.Terminate();
        var files = Directory.GetFiles(folder, "capture-*.csv");
        var rows = files.Sum(f => File.ReadLines(f).LongCount() - 1);
        var bytes = new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length);
        return new CaptureResult(answered, queue, full, error, rows, files.Length, Directory.GetFiles(folder, "*.open").Length,
            bytes / (1024.0 * 1024.0), peak, exit);
    }

    private static string Success(string model) => $"mlops_predictions_total{{model=\"{model}\",outcome=\"success\"}}";

    /// <summary>A two-model image's folder (docs/rollout.md): the model as challenger, and a copy of it in champion/.</summary>
    private static string TwoModelFolder(string modelFolder, string work)
    {
        var folder = Path.Combine(work, "two-models");
        foreach (var target in new[] { folder, Path.Combine(folder, "champion") })
        {
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(modelFolder)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return folder;
    }

    private static string Report(BenchOptions o, HeartModel model, Dictionary<string, List<double>> cold, List<Round> rounds,
        double oursPeak, double basePeak, string answerOurs, string answerBase, string work, CaptureResult capture, ShadowResult shadow)
    {
        Round Best(string name) => rounds.Where(r => r.Server == name).MaxBy(r => r.Load.RequestsPerSecond)!;
        double Min(string name, Func<Round, double> f) => rounds.Where(r => r.Server == name).Min(f);
        static double Median(List<double> v) { var s = v.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
        static string Pass(bool ok) => ok ? "PASS" : "**FAIL**";

        var (bo, bb) = (Best(Ours), Best(Base));
        var ratio = bo.Load.RequestsPerSecond / bb.Load.RequestsPerSecond;
        var (p50o, p99o) = (Min(Ours, r => r.Single.P50), Min(Ours, r => r.Single.P99));
        var (p50b, p99b) = (Min(Base, r => r.Single.P50), Min(Base, r => r.Single.P99));
        var (co, cb) = (Median(cold[Ours]), Median(cold[Base]));

        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# MlOps.ServingBench — {DateTime.Now:yyyy-MM-dd HH:mm zzz}");
        sb.AppendLine();
        sb.AppendLine(Inv, $"- machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average at the end: {LoadAverage()}");
        sb.AppendLine(Inv, $"- model: heart ({model.Trainer}, {model.Trials} trials, seed 1), folder {model.Folder}");
        sb.AppendLine(Inv, $"- load: wrk -t{o.Threads} -c{o.Connections} -d{o.Seconds}s --latency (after a 3 s warm-up); single-row: wrk -t1 -c1 -d{o.Seconds}s --latency; {o.Rounds} rounds, alternating order; throughput and latency under load from each server's best-throughput round, single-row p50 and p99 the lowest over the rounds");
        sb.AppendLine(Inv, $"- cold start: Process.Start(`dotnet MlOps.ServingBench.dll --serve-…`) to the first 200 from POST /predict, median of {o.ColdStarts}, alternating which server starts first");
        sb.AppendLine();
        // A comparison table's head and its load rows: throughput (the ratio's target is 0.8 unless given) and latency under load.
        void LoadRows(string left, string right, string per, Round l, Round r, double throughputRatio, double minimum = 0.8, string target = "ratio ≥ 0.8")
        {
            sb.AppendLine($"| measure | {left} | {right} | {per} | target | result |");
            sb.AppendLine("|---|---|---|---|---|---|");
            sb.AppendLine(Inv, $"| throughput, -c{o.Connections} (req/s) | {l.Load.RequestsPerSecond:0} | {r.Load.RequestsPerSecond:0} | {throughputRatio:0.00} | {target} | {Pass(throughputRatio >= minimum)} |");
            sb.AppendLine(Inv, $"| latency under load p50 / p99 (ms) | {l.Load.P50:0.00} / {l.Load.P99:0.00} | {r.Load.P50:0.00} / {r.Load.P99:0.00} | {r.Load.P99 / l.Load.P99:0.00} (p99) | | |");
        }
        LoadRows(Ours, Base, "ours / baseline", bo, bb, ratio);
        sb.AppendLine(Inv, $"| single-row p50 (ms), -c1 | {p50o:0.000} | {p50b:0.000} | {p50o / p50b:0.00} | | |");
        sb.AppendLine(Inv, $"| single-row p99 (ms), -c1 | {p99o:0.000} | {p99b:0.000} | {p99o / p99b:0.00} | p99 < 2 ms | {Pass(p99o < 2)} |");
        sb.AppendLine(Inv, $"| cold start (ms) | {co:0} | {cb:0} | {co / cb:0.00} | < 1500 ms | {Pass(co < 1500)} |");
        sb.AppendLine(Inv, $"| peak RSS (MB, VmHWM) | {oursPeak:0} | {basePeak:0} | {oursPeak / basePeak:0.00} | | |");
        sb.AppendLine();
        var bc = Best(Captured);
        var captureRatio = bc.Load.RequestsPerSecond / bo.Load.RequestsPerSecond;
        var lost = (long)capture.Answered - capture.RowsInFiles;
        sb.AppendLine("Data capture (ours with MLOPS_CAPTURE_DIR set, sample 1, CSV files; same load, same machine, rounds interleaved with capture off):");
        sb.AppendLine();
        LoadRows("capture off", "capture on", "on / off", bo, bc, captureRatio);
        sb.AppendLine(Inv, $"| single-row p50 (ms), -c1 | {p50o:0.000} | {Min(Captured, r => r.Single.P50):0.000} | {Min(Captured, r => r.Single.P50) / p50o:0.00} | | |");
        sb.AppendLine(Inv, $"| peak RSS (MB, VmHWM) | {oursPeak:0} | {capture.PeakMb:0} | {capture.PeakMb / oursPeak:0.00} | bounded | |");
        sb.AppendLine(Inv, $"| rows in capture files / predictions answered | | {capture.RowsInFiles} / {capture.Answered:0} | | none lost | {Pass(lost == 0)} |");
        sb.AppendLine();
        sb.AppendLine(Inv, $"Capture: dropped queue {capture.DroppedQueue:0}, full {capture.DroppedFull:0}, error {capture.DroppedError:0}; {capture.Files} files ({capture.FolderMb:0.0} MB), {capture.OpenFiles} left .open after SIGTERM (exit code {capture.ExitCode}).");
        sb.AppendLine();
        var bs = Best(Shadowed);
        var (shadowThroughput, shadowP99) = (bs.Load.RequestsPerSecond / bo.Load.RequestsPerSecond, Min(Shadowed, r => r.Single.P99) / p99o);
        sb.AppendLine("Shadow (ours with a champion baked in, MLOPS_ROLLOUT=shadow: the champion answers, the challenger scores every row in the background; the same model as both; rounds interleaved with shadow off):");
        sb.AppendLine();
        LoadRows("shadow off", "shadow on", "on / off", bo, bs, shadowThroughput, 1 / 1.2, "ratio ≥ 1 / 1.2");
        sb.AppendLine(Inv, $"| single-row p50 (ms), -c1 | {p50o:0.000} | {Min(Shadowed, r => r.Single.P50):0.000} | {Min(Shadowed, r => r.Single.P50) / p50o:0.00} | | |");
        sb.AppendLine(Inv, $"| single-row p99 (ms), -c1 | {p99o:0.000} | {Min(Shadowed, r => r.Single.P99):0.000} | {shadowP99:0.00} | ≤ 1.2 | {Pass(shadowP99 <= 1.2)} |");
        sb.AppendLine(Inv, $"| peak RSS (MB, VmHWM) | {oursPeak:0} | {shadow.PeakMb:0} | {shadow.PeakMb / oursPeak:0.00} | | |");
        sb.AppendLine();
        sb.AppendLine(Inv, $"Shadow: {shadow.Answered:0} rows answered by the champion, {shadow.Compared:0} scored by the challenger in the background, {shadow.Dropped:0} dropped (queue full, MLOPS_SHADOW_QUEUE).");
        sb.AppendLine();
        sb.AppendLine("All rounds:");
        sb.AppendLine();
        sb.AppendLine("| round | server | req/s | load p50 / p90 / p99 ms | requests | single-row req/s | single p50 / p90 / p99 ms | non-2xx | socket errors |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rounds)
            sb.AppendLine(Inv,
                $"| {r.Number} | {r.Server} | {r.Load.RequestsPerSecond:0} | {r.Load.P50:0.000} / {r.Load.P90:0.000} / {r.Load.P99:0.000} | {r.Load.Requests} | {r.Single.RequestsPerSecond:0} | {r.Single.P50:0.000} / {r.Single.P90:0.000} / {r.Single.P99:0.000} | {r.Load.Non2xx + r.Single.Non2xx} | {(r.Load.Errors + " " + r.Single.Errors).Trim()} |");
        sb.AppendLine();
        sb.AppendLine(Inv, $"Cold starts (ms): ours {string.Join(", ", cold[Ours].Select(v => v.ToString("0", Inv)))}; baseline {string.Join(", ", cold[Base].Select(v => v.ToString("0", Inv)))}");
        sb.AppendLine($"Answers to the request: ours `{answerOurs}`; baseline `{answerBase}`");
        sb.AppendLine($"Work folder: {work}");
        return sb.ToString();
    }

    private static string LoadAverage()
    {
        try { return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }

    /// <summary>The shared data folder: ../shared/data next to the repository root (the folder holding MlOps.Sdk.sln).</summary>
    private static string DataDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MlOps.Sdk.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        throw new ArgumentException("Cannot find the repository root (MlOps.Sdk.sln); pass --data DIR.");
    }
}
