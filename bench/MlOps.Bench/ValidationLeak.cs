using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Bench;

/// <summary>
/// `--validation-leak` (issue 15's taxi-big R² target): does validation on taxi-big pick the trainer the test file
/// rewards? taxi-big is taxi-fare-train.csv written 30 times (trip time and distance jittered), so a random validation
/// row has near-copies among the training rows. This fits the two boosted-tree trainers the search chooses between, at
/// ML.NET's defaults (no search, so the comparison is the data's, not the budget's), on a random split and on a split
/// by trip (all 30 copies of a trip on one side), and scores both on taxi-fare-test.csv; then on 100,000 and 1,000,000
/// rows against the original 100,000-row file, with the test R² also over the test rows whose fare lies within the
/// training fares (see <see cref="LabelRange"/>). A diagnosis, not a target: it says what a selection rule can see, and
/// what the test file rewards.
/// </summary>
public static class ValidationLeak
{
    private const int Copies = 30;

    public static string Run(BenchOptions options, string dataDir, TextWriter progress)
    {
        var d = SdkBuild.Find("taxi-big")!;
        var bigPath = Path.Combine(options.BigDataDir, d.TrainFile);
        if (!File.Exists(bigPath)) SdkBuild.Generate(d, dataDir, options.BigDataDir, progress);
        var ml = new MLContext(options.Seed);
        var big = ml.Data.CreateEnumerable<Trip>(Load(ml, bigPath), reuseRowObject: false).ToArray();
        var test = Load(ml, Path.Combine(dataDir, d.TestFile));
        var trips = big.Length / Copies;
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, big.Length).OrderBy(_ => rng.Next()).ToArray();
        // By trip: row i is a copy of trip i % trips (the generator writes the file 30 times over).
        var held = Enumerable.Range(0, trips).OrderBy(_ => rng.Next()).Take(trips * 15 / 100).ToHashSet();
        var splits = new (string Name, Trip[] Train, Trip[] Validation)[]
        {
            ("random rows", Rows(big, order.Take(300_000)), Rows(big, order.Skip(300_000).Take(100_000))),
            ("by trip", Rows(big, order.Where(i => !held.Contains(i % trips)).Take(300_000)), Rows(big, order.Where(i => held.Contains(i % trips)).Take(100_000))),
        };
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Validation on taxi-big (seed {options.Seed}; 300,000 training and 100,000 validation rows; test = {d.TestFile}):");
        sb.AppendLine();
        sb.AppendLine("| trainer (ML.NET defaults) | split | validation R² | test R² |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (trainer, make) in Trainers(ml))
            foreach (var (name, train, validation) in splits)
            {
                progress.Write($"  {trainer}, {name} ... ");
                var model = Pipeline(ml).Append(make()).Fit(ml.Data.LoadFromEnumerable(train));
                var row = FormattableString.Invariant($"| {trainer} | {name} | {R2(ml, model, ml.Data.LoadFromEnumerable(validation)):F4} | {R2(ml, model, test):F4} |");
                progress.WriteLine(row);
                sb.AppendLine(row);
            }
        sb.AppendLine();
        // The fares taxi-big copies: the range every one of these training sets draws from.
        var (min, max) = (big.Min(t => (double)t.Label), big.Max(t => (double)t.Label));
        sb.AppendLine(FormattableString.Invariant($"| trainer (ML.NET defaults) | training rows | test R² | test R² within the training fares ({min:0.##} to {max:0.##}) |"));
        sb.AppendLine("|---|---|---|---|");
        var sets = new (string Name, IDataView Data)[]
        {
            ($"{d.TestFile.Replace("test", "train")} (100,000, the original)", Load(ml, Path.Combine(dataDir, d.TestFile.Replace("test", "train")))),
            ("taxi-big, first copy (100,000, jittered)", ml.Data.LoadFromEnumerable(big.Take(trips).ToArray())),
            ("taxi-big, random 100,000", ml.Data.LoadFromEnumerable(Rows(big, order.Take(100_000)))),
            ("taxi-big, random 1,000,000", ml.Data.LoadFromEnumerable(Rows(big, order.Take(1_000_000)))),
        };
        foreach (var (trainer, make) in Trainers(ml))
            foreach (var (name, data) in sets)
            {
                var range = Range(ml, Pipeline(ml).Append(make()).Fit(data), test, min, max);
                var row = FormattableString.Invariant($"| {trainer} | {name} | {range.R2:F4} | {range.Describe()} |");
                progress.WriteLine("  " + row);
                sb.AppendLine(row);
            }
        return sb.ToString();
    }

    private static (string, Func<IEstimator<ITransformer>>)[] Trainers(MLContext ml) =>
        [("FastTree", () => ml.Regression.Trainers.FastTree()), ("LightGbm", () => ml.Regression.Trainers.LightGbm())];

    private static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Categorical.OneHotEncoding([new InputOutputColumnPair("vendor_id"), new InputOutputColumnPair("payment_type")])
            .Append(ml.Transforms.Concatenate("Features", "vendor_id", "payment_type", "rate_code", "passenger_count", "trip_time_in_secs", "trip_distance"));

    private static double R2(MLContext ml, ITransformer model, IDataView data) => ml.Regression.Evaluate(model.Transform(data)).RSquared;

    private static LabelRange Range(MLContext ml, ITransformer model, IDataView test, double min, double max)
    {
        var scored = model.Transform(test);
        return LabelRange.Of(scored.GetColumn<float>("Label").Select(v => (double)v).ToArray(),
            scored.GetColumn<float>("Score").Select(v => (double)v).ToArray(), min, max);
    }

    private static Trip[] Rows(Trip[] all, IEnumerable<int> indexes) => indexes.Select(i => all[i]).ToArray();

    private static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile(path, new TextLoader.Options
    {
        HasHeader = true,
        Separators = [','],
        Columns =
        [
            new("vendor_id", DataKind.String, 0), new("rate_code", DataKind.Single, 1), new("passenger_count", DataKind.Single, 2),
            new("trip_time_in_secs", DataKind.Single, 3), new("trip_distance", DataKind.Single, 4), new("payment_type", DataKind.String, 5),
            new("Label", DataKind.Single, 6),
        ],
    });

    /// <summary>One taxi-fare row, as the loader above names its columns.</summary>
    public sealed class Trip
    {
        public string vendor_id = "";
        public float rate_code, passenger_count, trip_time_in_secs, trip_distance;
        public string payment_type = "";
        public float Label;
    }
}
