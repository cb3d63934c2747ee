namespace MlOps.Tests.Shared;

/// <summary>The repository the tests run from (the folder of MlOps.Sdk.sln), for its scripts and the SDK's targets. Linked into the test projects that need it.</summary>
internal static class Repo
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlOps.Sdk.sln"))) dir = dir.Parent;
        Assert.IsNotNull(dir, $"No MlOps.Sdk.sln above {AppContext.BaseDirectory}.");
        return dir.FullName;
    }
}
