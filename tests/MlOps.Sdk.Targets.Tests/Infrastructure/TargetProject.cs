using System.Security;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests.Infrastructure;

/// <summary>
/// A model project in a temp folder that imports the repo's sdk/Sdk/Sdk.props and Sdk.targets directly, with the tool
/// replaced by the fake (MlOpsToolAssembly) and the tasks taken from their build output. Properties and items are set
/// in the project body, as a user sets them; <see cref="Run"/> drives `dotnet msbuild` on it.
/// </summary>
public sealed class TargetProject : IDisposable
{
    private readonly Dictionary<string, string> _properties = new()
    {
        ["MlOpsToolAssembly"] = TestPaths.FakeTool,
        ["_MlOpsTasksAssembly"] = TestPaths.TasksAssembly,
        ["MlOpsSdkVersion"] = "1.0.0-test",
        ["MlOpsLabelColumn"] = "price",
        ["MlOpsGenerateApi"] = "false",
    };
    private readonly List<string> _items = ["<MlOpsTrainingData Include=\"data/train.csv\" />"];
    private readonly List<string> _extra = [];

    public TargetProject()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mlops-targets-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        WriteData("data/train.csv", "size,rooms,price\n50,2,100\n80,3,160\n");
    }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, "Model.csproj");

    private string LogDirectory => Path.Combine(Directory, "fake-tool-calls");

    public TargetProject Set(string property, string value) { _properties[property] = value; return this; }

    public TargetProject Item(string xml) { _items.Add(xml); return this; }

    public TargetProject ClearItems() { _items.Clear(); return this; }

    /// <summary>Raw XML in the project body (e.g. a user's own target).</summary>
    public TargetProject Extra(string xml) { _extra.Add(xml); return this; }

    public TargetProject WriteData(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Writes the project file and runs `dotnet msbuild Model.csproj` with the arguments (default: -t:MlOpsTrain).</summary>
    public CommandResult Run(params string[] arguments)
    {
        File.WriteAllText(ProjectFile, $"""
            <Project>
              <Import Project="{TestPaths.SdkProps}" />
              <PropertyGroup>
            {string.Join("\n", _properties.Select(p => $"    <{p.Key}>{SecurityElement.Escape(p.Value)}</{p.Key}>"))}
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", _items.Select(i => "    " + i))}
              </ItemGroup>
            {string.Join("\n", _extra)}
              <Import Project="{TestPaths.SdkTargets}" />
            </Project>
            """);
        string[] defaults = arguments.Any(a => a.StartsWith("-t:", StringComparison.Ordinal)) ? [] : ["-t:MlOpsTrain"];
        return DotNet.Run(Directory, ["msbuild", ProjectFile, "-nologo", "-tl:off", "-v:n", "-nodeReuse:false", .. defaults, .. arguments],
            new Dictionary<string, string> { ["MLOPS_FAKE_TOOL_LOG"] = LogDirectory }, TimeSpan.FromMinutes(2));
    }

    /// <summary>Runs and fails the test unless the build succeeded; returns the tool calls it made.</summary>
    public IReadOnlyList<ToolCall> Build(params string[] arguments)
    {
        var result = RunRecorded(out var calls, arguments);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        return calls;
    }

    /// <summary>Runs (see <see cref="Run"/>) and gives the tool calls the run made.</summary>
    public CommandResult RunRecorded(out IReadOnlyList<ToolCall> calls, params string[] arguments)
    {
        var before = CallFiles().Length;
        var result = Run(arguments);
        calls = CallFiles().Skip(before).Select(Read).ToList();
        return result;
    }

    /// <summary>Every file of the model store and the output folders (obj/mlops/, bin/**/mlops/) with its size and time.</summary>
    public IReadOnlyDictionary<string, (long Length, DateTime Written)> SnapshotModel() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}mlops{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.EndsWith(".options", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Directory, f), f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));

    public static ToolCall OneCall(IReadOnlyList<ToolCall> calls, string command)
    {
        var matching = calls.Where(c => c.Command == command).ToList();
        Assert.AreEqual(1, matching.Count, $"expected one '{command}' call, got: {string.Join("; ", calls)}");
        return matching[0];
    }

    private string[] CallFiles() =>
        System.IO.Directory.Exists(LogDirectory) ? System.IO.Directory.GetFiles(LogDirectory, "*.call").Order(StringComparer.Ordinal).ToArray() : [];

    private static ToolCall Read(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return new ToolCall(name[(name.IndexOf('-') + 1)..], File.ReadAllLines(file));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { } // a process that still holds a file: the temp folder is cleaned by the OS
    }
}
