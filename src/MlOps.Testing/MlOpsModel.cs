using System.Collections.Concurrent;
using MlOps.Core.Artifacts;
using MlOps.Core.Data;
using MlOps.Core.IO;
using MlOps.Core.Schema;
using MlOps.Engine;

namespace MlOps.Testing;

/// <summary>
/// A model built by a referenced MlOps.Sdk project, as the test project sees it: the build copies each model's
/// outputs to $(OutDir)mlops/&lt;ProjectName&gt;/. Thread-safe; evaluations are computed once per data file.
/// </summary>
public sealed class MlOpsModel
{
    private static readonly ConcurrentDictionary<string, Lazy<MlOpsModel>> Loaded = new();
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, double>>> _evaluations = new();

    private readonly Lazy<string> _sha256;
    private readonly Lazy<CapturedData> _production;

    private MlOpsModel(string name, string folder)
    {
        _sha256 = new Lazy<string>(() => FileHash.Sha256(Path.Combine(folder, ArtifactFiles.Model)));
        Name = name;
        Folder = folder;
        Manifest = MlOpsJson.Read<Manifest>(Path.Combine(folder, ArtifactFiles.Manifest));
        Schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(folder, ArtifactFiles.Schema)));
        Metrics = MlOpsJson.Read<MetricsReport>(Path.Combine(folder, ArtifactFiles.Metrics));
        var checks = Path.Combine(folder, CheckSettings.FileName);
        Checks = File.Exists(checks) ? CheckSettings.Read(checks) : new CheckSettings
        {
            TestData = [], Csv = new CsvOptions(), Gates = [], ValidationData = [],
        };
        _production = new Lazy<CapturedData>(() => CapturedData.Load(Checks.ProductionData, Schema));
    }

    public string Name { get; }
    public string Folder { get; }
    public string ModelPath => Path.Combine(Folder, ArtifactFiles.Model);
    /// <summary>SHA-256 of the model.zip these tests load (the copy the build made), computed once.</summary>
    public string ModelSha256 => _sha256.Value;
    public Manifest Manifest { get; }
    public DataSchema Schema { get; }
    public MetricsReport Metrics { get; }
    public CheckSettings Checks { get; }
    /// <summary>The MlOpsProductionData files as one table, loaded once for all production checks.</summary>
    public CapturedData Production => _production.Value;

    /// <summary>The folder the build copies models to: $(OutDir)mlops/.</summary>
    public static string ModelsFolder => Path.Combine(AppContext.BaseDirectory, "mlops");

    /// <summary>Names of the models the build copied here, trained or not.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.Exists(ModelsFolder)
            ? Directory.GetDirectories(ModelsFolder).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Loads a referenced model by project name; without a name, the only one.</summary>
    /// <exception cref="InvalidOperationException">No such model, several without a name, or one not trained yet; the message says what to do.</exception>
    public static MlOpsModel Load(string? name = null)
    {
        var names = Names();
        name ??= names.Count == 1 ? names[0] : throw new InvalidOperationException(names.Count == 0
            ? $"No MlOps model was found in {ModelsFolder}. Add a <ProjectReference> to the model project (a project on MlOps.Sdk) and build."
            : $"Several MlOps models are referenced ({string.Join(", ", names)}): pass the name of one to MlOpsModel.Load.");
        return Loaded.GetOrAdd(name, n => new Lazy<MlOpsModel>(() => Open(n))).Value;
    }

    private static MlOpsModel Open(string name)
    {
        var folder = Path.Combine(ModelsFolder, name);
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"No MlOps model named '{name}' in {ModelsFolder}. Known: {string.Join(", ", Names())}.");
        if (!File.Exists(Path.Combine(folder, ArtifactFiles.Model)) || !File.Exists(Path.Combine(folder, ArtifactFiles.Manifest)))
            throw new InvalidOperationException($"The model '{name}' has not been trained yet: its build wrote no model.zip. " +
                "Build the model project without -p:MlOpsSkipTraining=true, then run the tests again.");
        return new MlOpsModel(name, folder);
    }

    /// <summary>Loads a data file with the model project's separator/header settings.</summary>
    public TabularData LoadData(string path) => CsvLoader.Load(path, Checks.Csv);

    /// <summary>
    /// The model's metrics on a data file (ML.NET's names). Without a path: on the project's MlOpsTestData, or, when it
    /// has none, the build's own holdout metrics from metrics.json.
    /// </summary>
    public IReadOnlyDictionary<string, double> Evaluate(string? dataPath = null) =>
        _evaluations.GetOrAdd(dataPath ?? "", key => new Lazy<IReadOnlyDictionary<string, double>>(() => key.Length > 0
            ? ModelEvaluator.Evaluate(ModelPath, LoadData(key), Schema)
            : Checks.TestData.Count > 0 ? ModelEvaluator.Evaluate(ModelPath, LoadTestData(), Schema) : Metrics.Test)).Value;

    /// <summary>Where Evaluate() without a path gets its data, for messages.</summary>
    public string TestDataDescription => Checks.TestData.Count > 0 ? string.Join(", ", Checks.TestData) : Metrics.TestSource;

    /// <summary>Evaluates another model.zip (e.g. the production baseline) on the same test data, with this model's schema.</summary>
    public IReadOnlyDictionary<string, double> EvaluateOther(string modelPath) =>
        Checks.TestData.Count > 0
            ? ModelEvaluator.Evaluate(modelPath, LoadTestData(), Schema)
            : throw new InvalidOperationException("Comparing with a baseline model needs MlOpsTestData in the model project: both models are scored on it.");

    private TabularData LoadTestData() => DataFiles.Load(Checks.TestData, Checks.Csv)!.Table;
}
