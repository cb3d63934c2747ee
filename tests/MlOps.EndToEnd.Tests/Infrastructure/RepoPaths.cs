namespace MlOps.EndToEnd.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The folder holding MlOps.Sdk.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The provided benchmark datasets, read in place and never copied into the repository.</summary>
    public static string SharedData { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string Shared(string file) => Path.Combine(SharedData, file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlOps.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException("MlOps.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
