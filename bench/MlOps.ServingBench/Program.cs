using System.Globalization;
using MlOps.ServingBench;

// Usage (from the repository root; wrk must be installed: apt-get install -y wrk):
//   dotnet run -c Release --project bench/MlOps.ServingBench -- [--seconds 10] [--connections 16] [--threads 2]
//       [--rounds 2] [--cold-starts 3] [--trials 10] [--data DIR]
// Internal (the child processes): --serve-ours MODEL_FOLDER PORT | --serve-ours-capture MODEL_FOLDER PORT CAPTURE_DIR
//   | --serve-ours-shadow TWO_MODEL_FOLDER PORT | --serve-baseline MODEL_FOLDER PORT
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args is ["--serve-ours", var oursFolder, var oursPort])
{
    await MlOps.Serving.ScoringHost.RunAsync(["--urls", $"http://127.0.0.1:{oursPort}"], oursFolder);
    return Environment.ExitCode;
}
if (args is ["--serve-ours-capture", var captureModel, var capturePort, var captureDir])
{
    await MlOps.Serving.ScoringHost.RunAsync(["--urls", $"http://127.0.0.1:{capturePort}", $"--MlOps:CaptureDir={captureDir}"], captureModel);
    return Environment.ExitCode;
}
if (args is ["--serve-ours-shadow", var shadowModel, var shadowPort])
{
    await MlOps.Serving.ScoringHost.RunAsync(["--urls", $"http://127.0.0.1:{shadowPort}", "--MlOps:Rollout=shadow"], shadowModel);
    return Environment.ExitCode;
}
if (args is ["--serve-baseline", var baseFolder, var basePort])
    return await Baseline.RunAsync(baseFolder, int.Parse(basePort, CultureInfo.InvariantCulture));

try
{
    return await ServingBench.RunAsync(BenchOptions.Parse(args));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("usage: MlOps.ServingBench [--seconds 10] [--connections 16] [--threads 2] [--rounds 2] [--cold-starts 3] [--trials 10] [--data DIR]");
    return 2;
}

namespace MlOps.ServingBench
{
    public sealed record BenchOptions
    {
        public int Seconds { get; init; } = 10;
        public int Connections { get; init; } = 16;
        public int Threads { get; init; } = 2;
        public int Rounds { get; init; } = 2;
        public int ColdStarts { get; init; } = 3;
        public int Trials { get; init; } = 10;
        public string? Data { get; init; }

        public static BenchOptions Parse(string[] args)
        {
            var o = new BenchOptions();
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                int Int() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v : throw new ArgumentException($"{args[i - 1]} needs a whole number greater than 0.");
                o = args[i] switch
                {
                    "--seconds" => o with { Seconds = Int() },
                    "--connections" => o with { Connections = Int() },
                    "--threads" => o with { Threads = Int() },
                    "--rounds" => o with { Rounds = Int() },
                    "--cold-starts" => o with { ColdStarts = Int() },
                    "--trials" => o with { Trials = Int() },
                    "--data" => o with { Data = Value() },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }
            return o;
        }
    }
}
