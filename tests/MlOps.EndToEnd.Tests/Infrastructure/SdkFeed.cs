namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Packs MlOps.Sdk, MlOps.Testing and MlOps.Serving once per test run into a folder feed, under a unique prerelease version, so NuGet's
/// global packages folder can never hand the tests stale bits of an earlier pack.
/// </summary>
public static class SdkFeed
{
    private static readonly Lazy<(string Folder, string Version)> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Folder => Packed.Value.Folder;
    public static string Version => Packed.Value.Version;

    private static (string, string) Pack()
    {
        var version = $"0.0.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var folder = Path.Combine(TempFolders.Root, "feed");
        Directory.CreateDirectory(folder);
        foreach (var project in new[] { "sdk/MlOps.Sdk.csproj", "src/MlOps.Testing/MlOps.Testing.csproj", "src/MlOps.Serving/MlOps.Serving.csproj" })
        {
            var result = DotNet.Run(RepoPaths.Root,
                ["pack", project, "-c", "Release", "-o", folder, $"-p:Version={version}", "-nodeReuse:false", "-tl:off"]);
            if (result.ExitCode != 0) throw new InvalidOperationException($"Packing {project} failed:\n" + result);
        }
        return (folder, version);
    }
}
