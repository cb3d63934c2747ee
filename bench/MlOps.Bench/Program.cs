using System.Globalization;
using MlOps.Bench;

// Usage (from the repository root):
//   dotnet run -c Release --project bench/MlOps.Bench -- [--budget SECONDS] [--seed N] [--datasets a,b] [--determinism-trials N]
//     [--big-data DIR] [--sdk-feed DIR --sdk-version V] [--max-memory-mb N]   (datasets built through the SDK: taxi-big)
//   dotnet run -c Release --project bench/MlOps.Bench -- --validation-leak [--seed N] [--big-data DIR]   (taxi-big's validation, ValidationLeak.cs)
// Internal: --child NAME --budget S --seed N [--max-trials N] [--save model.zip]  (one dataset, one JSON line)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

try
{
    var options = BenchOptions.Parse(args);
    var dataDir = Datasets.DataDirectory();
    if (options.ValidationLeak)
    {
        Console.WriteLine(ValidationLeak.Run(options, dataDir, Console.Out));
        return 0;
    }
    return options.Child is { } child
        ? ChildRun.Run(Datasets.Find(child), dataDir, options.Budget, options.Seed, options.MaxTrials, options.SavePath)
        : Bench.Run(options, dataDir);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("usage: MlOps.Bench [--budget SECONDS] [--seed N] [--datasets a,b] [--determinism-trials N]");
    return 2;
}

namespace MlOps.Bench
{
    public sealed record BenchOptions
    {
        public double Budget { get; init; } = 30;
        public int Seed { get; init; } = 1;
        public IReadOnlyList<Dataset> Datasets { get; init; } = MlOps.Bench.Datasets.All;
        /// <summary>Datasets built through the SDK (<see cref="SdkBuild"/>); only when named in --datasets.</summary>
        public IReadOnlyList<SdkDataset> SdkDatasets { get; init; } = [];
        public string BigDataDir { get; init; } = SdkBuild.DefaultBigDataDirectory();
        public string? SdkFeed { get; init; }
        public string? SdkVersion { get; init; }
        public int? MaxMemoryMb { get; init; }
        public int DeterminismTrials { get; init; } = 6;
        public string? Child { get; init; }
        public int? MaxTrials { get; init; }
        public string? SavePath { get; init; }
        public bool ValidationLeak { get; init; }

        public static BenchOptions Parse(string[] args)
        {
            var o = new BenchOptions();
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                o = args[i] switch
                {
                    "--budget" => o with { Budget = Positive(double.Parse(Value(), CultureInfo.InvariantCulture), "--budget") },
                    "--seed" => o with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--datasets" => Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is var names
                        ? o with
                        {
                            Datasets = names.Where(n => SdkBuild.Find(n) is null).Select(MlOps.Bench.Datasets.Find).ToList(),
                            SdkDatasets = names.Select(SdkBuild.Find).OfType<SdkDataset>().ToList(),
                        }
                        : o,
                    "--big-data" => o with { BigDataDir = Path.GetFullPath(Value()) },
                    "--sdk-feed" => o with { SdkFeed = Path.GetFullPath(Value()) },
                    "--sdk-version" => o with { SdkVersion = Value() },
                    "--max-memory-mb" => o with { MaxMemoryMb = (int)Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--max-memory-mb") },
                    "--determinism-trials" => o with { DeterminismTrials = (int)Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--determinism-trials", allowZero: true) },
                    "--child" => o with { Child = Value() },
                    "--max-trials" => o with { MaxTrials = (int)Positive(int.Parse(Value(), CultureInfo.InvariantCulture), "--max-trials") },
                    "--save" => o with { SavePath = Value() },
                    "--validation-leak" => o with { ValidationLeak = true },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }
            return (o.SdkFeed is null) == (o.SdkVersion is null) ? o : throw new ArgumentException("--sdk-feed and --sdk-version go together.");
        }

        private static double Positive(double v, string name, bool allowZero = false) =>
            (allowZero ? v >= 0 : v > 0) && double.IsFinite(v) ? v : throw new ArgumentException($"{name} must be {(allowZero ? "0 or more" : "greater than 0")}.");
    }
}
