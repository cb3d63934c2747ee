using System.Reflection;

namespace MlOps.Sdk.Targets.Tests.Infrastructure;

/// <summary>Where the repo's SDK files and the freshly built assemblies are (written into this assembly by its project file).</summary>
public static class TestPaths
{
    public static string RepoRoot => Metadata("MlOpsRepoRoot");
    public static string SdkProps => Path.Combine(RepoRoot, "sdk", "Sdk", "Sdk.props");
    public static string SdkTargets => Path.Combine(RepoRoot, "sdk", "Sdk", "Sdk.targets");
    /// <summary>The scoring host project the publish copies (sdk/build/serving).</summary>
    public static string ServingTemplate => Path.Combine(RepoRoot, "sdk", "build", "serving");
    public static string FakeTool => Metadata("MlOpsFakeTool");
    public static string TasksAssembly => Metadata("MlOpsTasksAssembly");
    public static string RealTool => Metadata("MlOpsToolAssembly");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
