using MlOps.EndToEnd.Tests.Infrastructure;

// Each class instantiates and builds its own solution; two at a time keeps a 2-core machine busy without thrashing.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]

namespace MlOps.Templates.Tests;

[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static void PackAndInstall(TestContext context) =>
        context.WriteLine($"MlOps.Sdk and MlOps.Templates {SdkFeed.Version} packed to {SdkFeed.Folder}, installed in {TemplatePackage.Hive}");

    [AssemblyCleanup]
    public static void RemoveTempFolders()
    {
        try { Directory.Delete(TempFolders.Root, recursive: true); } catch (IOException) { }
    }
}
