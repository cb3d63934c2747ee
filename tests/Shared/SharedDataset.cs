using MlOps.Core.Data;
using MlOps.Core.Schema;

namespace MlOps.Tests.Shared;

/// <summary>
/// A benchmark dataset of ../shared/data next to the repository, read in place (never copied into it) and loaded as a
/// user's build would: separator, header, BOM and '#' header found by detection, the label named. Linked into the
/// test projects that need it.
/// </summary>
internal sealed record SharedDataset(string Name, string TrainFile, string TestFile, string Label)
{
    public static IReadOnlyList<SharedDataset> All { get; } =
    [
        new("taxi-fare", "taxi-fare-train.csv", "taxi-fare-test.csv", "fare_amount"),
        new("heart", "heart-train.csv", "heart-test.csv", "Column13"),
        new("iris", "iris-train.txt", "iris-test.txt", "Label"),
        new("optdigits", "optdigits-train.csv", "optdigits-test.csv", "Column64"),
        new("wikidetox", "wikidetox-train.tsv", "wikidetox-test.tsv", "Sentiment"),
    ];

    /// <summary>For [DynamicData]: one row per dataset, its name.</summary>
    public static IEnumerable<object[]> Names => All.Select(d => new object[] { d.Name });

    public static SharedDataset Named(string name) => All.Single(d => d.Name == name);

    public static string File(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "MlOps.Sdk.sln"))) dir = dir.Parent;
        Assert.IsNotNull(dir, $"No MlOps.Sdk.sln above {AppContext.BaseDirectory}.");
        var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", name));
        Assert.IsTrue(System.IO.File.Exists(path), $"The shared benchmark file {path} is missing.");
        return path;
    }

    public static TabularData LoadFile(string name) => CsvLoader.Load(File(name), new CsvOptions());

    /// <summary>Both files, and the schema a build infers from the training file.</summary>
    public (TabularData Train, TabularData Test, DataSchema Schema) Load()
    {
        var train = LoadFile(TrainFile);
        return (train, LoadFile(TestFile), ColumnInference.Infer(train, new InferenceOptions { Label = Label }));
    }

    /// <summary>
    /// heart's schema with its 0/1 columns (sex, fbs, exang: cells "1.0" and "0.0") as booleans. Inference calls them
    /// numeric (0/1 are no booleans to it), but a boolean column may hold such cells: the Boolean `1.0` case.
    /// </summary>
    public static (TabularData Train, TabularData Test, DataSchema Schema) HeartWithBooleans()
    {
        var (train, test, inferred) = Named("heart").Load();
        string[] flags = ["Column1", "Column5", "Column8"];
        var schema = new DataSchema
        {
            Label = inferred.Label,
            Task = inferred.Task,
            LabelClasses = inferred.LabelClasses,
            Columns = [.. inferred.Columns.Select(c => flags.Contains(c.Name) ? new ColumnSchema { Name = c.Name, Kind = ColumnKind.Boolean } : c)],
        };
        return (train, test, schema);
    }
}
