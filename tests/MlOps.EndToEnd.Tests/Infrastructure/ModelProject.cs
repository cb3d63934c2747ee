using System.Security;
using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>A model project in a temp folder, as a user would write it: a csproj on the SDK, data files and a NuGet.config.</summary>
public sealed class ModelProject
{
    private readonly List<(string Type, string Include, (string Name, string Value)[] Metadata)> _items = [];

    private ModelProject(string directory) => Directory = directory;

    public string Directory { get; }
    public string ProjectFile => Path.Combine(Directory, "Model.csproj");
    public Dictionary<string, string> Properties { get; } = new();
    public string OutputFolder => Path.Combine(Directory, "bin", "Debug", "net10.0", "mlops");
    public string OutputFile(string name) => Path.Combine(OutputFolder, name);
    /// <summary>A file of the trained model's store, shared by every Configuration (obj/mlops/model/).</summary>
    public string StoreFile(string name) => Path.Combine(Directory, "obj", "mlops", "model", name);

    public Manifest Manifest => MlOpsJson.Read<Manifest>(OutputFile(ArtifactFiles.Manifest));
    public MetricsReport Metrics => MlOpsJson.Read<MetricsReport>(OutputFile(ArtifactFiles.Metrics));
    public DataSchema Schema => SchemaJson.Deserialize(File.ReadAllText(OutputFile(ArtifactFiles.Schema)));

    /// <summary>A project whose only package source is the freshly packed SDK feed.</summary>
    public static ModelProject Create(string name)
    {
        var project = new ModelProject(TempFolders.New(name));
        SdkFeed.WriteNuGetConfig(project.Directory, clear: true);
        return project;
    }

    /// <summary>
    /// A quick, valid project on the synthetic house-price data: two trials, so it trains in seconds and
    /// gives the same model on any machine (the time budget is only a ceiling a busy machine never reaches).
    /// </summary>
    public static ModelProject CreateSynthetic(string name, int rows, int seed)
    {
        var project = Create(name);
        project.WriteData("data/train.csv", SyntheticData.HousePrices(rows, seed));
        project.Set("MlOpsLabelColumn", "price").Set("MlOpsTrainingTime", "60").Set("MlOpsMaxTrials", "2")
               .Item("MlOpsTrainingData", "data/train.csv");
        return project;
    }

    /// <summary>A copy of the folder (data and outputs included) with the same properties but no items yet.</summary>
    public ModelProject CloneWithoutItems()
    {
        var clone = new ModelProject(TempFolders.New("clone"));
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(clone.Directory, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        foreach (var (key, value) in Properties) clone.Properties[key] = value;
        return clone;
    }

    public ModelProject Set(string property, string value) { Properties[property] = value; return this; }

    public ModelProject Item(string type, string include, params (string Name, string Value)[] metadata)
    {
        _items.Add((type, include, metadata));
        return this;
    }

    /// <summary>Copies a shared dataset into the project, optionally only its first lines (header included).</summary>
    public string CopyData(string sharedFile, string relativePath, int? maxLines = null)
    {
        var target = DataPath(relativePath);
        if (maxLines is int n) File.WriteAllLines(target, File.ReadLines(RepoPaths.Shared(sharedFile)).Take(n));
        else File.Copy(RepoPaths.Shared(sharedFile), target, overwrite: true);
        return relativePath;
    }

    public string WriteData(string relativePath, string content)
    {
        File.WriteAllText(DataPath(relativePath), content);
        return relativePath;
    }

    public string DataPath(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public void Save()
    {
        var properties = string.Join("\n", Properties.Select(p => $"    <{p.Key}>{SecurityElement.Escape(p.Value)}</{p.Key}>"));
        var items = string.Join("\n", _items.Select(i => $"    <{i.Type} Include=\"{SecurityElement.Escape(i.Include)}\"" +
            string.Concat(i.Metadata.Select(m => $" {m.Name}=\"{SecurityElement.Escape(m.Value)}\"")) + " />"));
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="MlOps.Sdk/{SdkFeed.Version}">
              <PropertyGroup>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>
            """);
    }

    public CommandResult Build(params string[] arguments)
    {
        Save();
        return DotNet.Run(Directory, ["build", "-nodeReuse:false", "-tl:off", .. arguments]);
    }

    /// <summary>Every output file with its bytes' hash and timestamp: equal snapshots mean untouched outputs.</summary>
    public IReadOnlyDictionary<string, (string Sha256, DateTime Written)> SnapshotOutputs() =>
        System.IO.Directory.Exists(OutputFolder)
            ? System.IO.Directory.GetFiles(OutputFolder).ToDictionary(f => Path.GetFileName(f), f => (FileHash.Sha256(f), File.GetLastWriteTimeUtc(f)))
            : new Dictionary<string, (string, DateTime)>();
}
