using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MlOps.ServingBench;

/// <summary>Parent: trains the model, starts both servers in child processes, drives them with wrk, prints the table.</summary>
public static class ServingBench
{
    private const string Ours = "ours (ScoringHost)";
    private const string Base = "baseline (PredictionEngine pool)";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Round(int Number, string Server, WrkResult Load, WrkResult Single);

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
            Server? ours = null, baseline = null;
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
                var answerOurs = await Server.PostAsync(ours!.Url, model.RequestJson);
                var answerBase = await Server.PostAsync(baseline!.Url, model.RequestJson);
                progress.WriteLine($"  answers: ours {answerOurs}; baseline {answerBase}");

                var rounds = new List<Round>();
                for (var r = 1; r <= o.Rounds; r++)
                {
                    // Alternate who goes first so a drifting machine load does not always favour the same one.
                    var order = r % 2 == 1 ? new[] { ours, baseline } : new[] { baseline, ours };
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

                Console.WriteLine(Report(o, model, cold, rounds, ours.PeakMb(), baseline.PeakMb(), answerOurs, answerBase, work));
                var bad = rounds.Any(x => x.Load.Non2xx > 0 || x.Single.Non2xx > 0);
                return bad ? 1 : 0;
            }
            finally
            {
                ours?.Dispose();
                baseline?.Dispose();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 3;
        }
    }

    private static string Report(BenchOptions o, HeartModel model, Dictionary<string, List<double>> cold, List<Round> rounds,
        double oursPeak, double basePeak, string answerOurs, string answerBase, string work)
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
        sb.AppendLine("| measure | ours (ScoringHost) | baseline (PredictionEngine pool) | ours / baseline | target | result |");
        sb.AppendLine("|---|---|---|---|---|---|");
        sb.AppendLine(Inv, $"| throughput, -c{o.Connections} (req/s) | {bo.Load.RequestsPerSecond:0} | {bb.Load.RequestsPerSecond:0} | {ratio:0.00} | ratio ≥ 0.8 | {Pass(ratio >= 0.8)} |");
        sb.AppendLine(Inv, $"| latency under load p50 / p99 (ms) | {bo.Load.P50:0.00} / {bo.Load.P99:0.00} | {bb.Load.P50:0.00} / {bb.Load.P99:0.00} | | | |");
        sb.AppendLine(Inv, $"| single-row p50 (ms), -c1 | {p50o:0.000} | {p50b:0.000} | {p50o / p50b:0.00} | | |");
        sb.AppendLine(Inv, $"| single-row p99 (ms), -c1 | {p99o:0.000} | {p99b:0.000} | {p99o / p99b:0.00} | p99 < 2 ms | {Pass(p99o < 2)} |");
        sb.AppendLine(Inv, $"| cold start (ms) | {co:0} | {cb:0} | {co / cb:0.00} | < 1500 ms | {Pass(co < 1500)} |");
        sb.AppendLine(Inv, $"| peak RSS (MB, VmHWM) | {oursPeak:0} | {basePeak:0} | {oursPeak / basePeak:0.00} | | |");
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
