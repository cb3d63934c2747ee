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

    /// <summary>
    /// A NuGet.config whose sources are this feed and <paramref name="extra"/> folders; on top of the machine's own
    /// sources (which serve ML.NET and MSTest), or alone with <paramref name="clear"/>.
    /// </summary>
    public static void WriteNuGetConfig(string directory, bool clear = false, params (string Key, string Folder)[] extra) =>
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
            {(clear ? "    <clear />\n" : "")}    <add key="mlops-e2e" value="{System.Security.SecurityElement.Escape(Folder)}" />
            {string.Join("\n", extra.Select(e => $"    <add key=\"{e.Key}\" value=\"{System.Security.SecurityElement.Escape(e.Folder)}\" />"))}
              </packageSources>
            </configuration>
            """);

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
