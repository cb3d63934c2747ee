using MlOps.EndToEnd.Tests.Infrastructure;

// Each test builds its own project in its own folder; two at a time keeps a 2-core machine busy without thrashing.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]

namespace MlOps.EndToEnd.Tests;

[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static void PackSdk(TestContext context) => context.WriteLine($"MlOps.Sdk {SdkFeed.Version} packed to {SdkFeed.Folder}");

    [AssemblyCleanup]
    public static void RemoveTempFolders()
    {
        try { Directory.Delete(TempFolders.Root, recursive: true); } catch (IOException) { }
    }
}
