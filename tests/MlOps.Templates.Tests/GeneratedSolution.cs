using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>
/// What `dotnet new mlops` writes, in a temp folder, restored from the local feed through the template's own
/// --package-source (its nuget.config), and built, tested and published with the plain commands of its README.
/// </summary>
public sealed class GeneratedSolution
{
    /// <summary>
    /// A two-trial budget (through the environment, as MSBuild reads it) makes every training quick and the same on any
    /// machine; the template's --training-time 60 is then only a ceiling a busy machine never reaches.
    /// </summary>
    private static readonly Dictionary<string, string> Environment = new() { ["MlOpsMaxTrials"] = "2" };

    private GeneratedSolution(string directory, string name, CommandResult instantiation)
    {
        Directory = directory;
        Name = name;
        Instantiation = instantiation;
    }

    public string Directory { get; }
    public string Name { get; }
    public CommandResult Instantiation { get; }
    public string ModelDirectory => Path.Combine(Directory, $"{Name}.Model");

    public static GeneratedSolution Create(string name, params string[] options)
    {
        var parent = TempFolders.New(name.ToLowerInvariant());
        var result = TemplatePackage.New(parent, ["mlops", "-n", name, "--package-source", SdkFeed.Folder, "--training-time", "60", .. options]);
        BuildAssert.Succeeded(result);
        return new GeneratedSolution(Path.Combine(parent, name), name, result);
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    public CommandResult Run(params string[] arguments) => Run(Directory, arguments);

    public CommandResult Run(string directory, string[] arguments, IDictionary<string, string>? environment = null)
    {
        var merged = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) merged[key] = value;
        return DotNet.Run(directory, [.. arguments, "-nodeReuse:false", "-tl:off"], merged, TimeSpan.FromMinutes(8));
    }
}
