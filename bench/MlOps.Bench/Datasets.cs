using MlOps.Core.Schema;

namespace MlOps.Bench;

/// <summary>
/// One benchmark dataset, what the bench reports on it, and ML.NET AutoML's anchor (data/README.md; empty when there is none).
/// Generator: a script in the shared data folder that writes the files into a folder of its own (see <see cref="GeneratedData"/>);
/// null = the files are in the shared data folder itself.
/// </summary>
public sealed record Dataset(
    string Name, string TrainFile, string TestFile, string Label, MlTask Task,
    string Metric, string? Secondary, string SecondaryShort, double Target, int[] AnchorPeakMb,
    bool? HasHeader = null, string? Generator = null)
{
    public string TrainPath(string dataDir) => Path.Combine(Folder(dataDir), TrainFile);
    public string TestPath(string dataDir) => Path.Combine(Folder(dataDir), TestFile);
    public string Folder(string dataDir) => Generator is null ? dataDir : GeneratedData.Directory();
}

public static class Datasets
{
    // HasHeader = null: the loader detects separator and header, exactly as the SDK does by default.
    public static readonly IReadOnlyList<Dataset> All =
    [
        new("taxi-fare", "taxi-fare-train.csv", "taxi-fare-test.csv", "fare_amount", MlTask.Regression,
            "RSquared", "MeanAbsoluteError", "MAE", 0.731, [339, 395]),
        new("heart", "heart-train.csv", "heart-test.csv", "Column13", MlTask.BinaryClassification,
            "Accuracy", "AreaUnderRocCurve", "AUC", 0.803, [211, 277]),
        new("wikidetox", "wikidetox-train.tsv", "wikidetox-test.tsv", "Sentiment", MlTask.BinaryClassification,
            "Accuracy", "AreaUnderRocCurve", "AUC", 0.623, [458, 726]),
        new("optdigits", "optdigits-train.csv", "optdigits-test.csv", "Column64", MlTask.MulticlassClassification,
            "MicroAccuracy", "LogLoss", "LogLoss", 0.970, [328, 230]),
        new("iris", "iris-train.txt", "iris-test.txt", "Label", MlTask.MulticlassClassification,
            "MicroAccuracy", "LogLoss", "LogLoss", 0.967, [337, 347]),
        // Free text, 41 classes; the target is a scikit-learn TF-IDF + logistic regression reference (issue 15), no ML.NET anchor.
        new("fortunes", "fortunes-train.tsv", "fortunes-test.tsv", "Category", MlTask.MulticlassClassification,
            "MicroAccuracy", "LogLoss", "LogLoss", 0.463, [], Generator: "make-fortunes.sh"),
    ];

    public static Dataset Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown dataset '{name}'. Known: {string.Join(", ", All.Select(d => d.Name))}.");

    /// <summary>The shared data folder: ../shared/data next to the repository root.</summary>
    public static string DataDirectory() => Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));

    /// <summary>The folder holding MlOps.Sdk.sln, above the current or the program's folder.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MlOps.Sdk.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Cannot find the repository root (MlOps.Sdk.sln) above the current or the program's folder.");
    }
}
