using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>
/// MlOps.Templates packed next to the SDK (same feed, same unique version) and installed into a private template hive,
/// so the machine's own `dotnet new` setup is never touched.
/// </summary>
public static class TemplatePackage
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Hive => Installed.Value;

    /// <summary>`dotnet new` against the private hive.</summary>
    public static CommandResult New(string workingDirectory, params string[] arguments) =>
        DotNet.Run(workingDirectory, ["new", .. arguments, "--debug:custom-hive", Hive]);

    private static string Install()
    {
        var pack = DotNet.Run(RepoPaths.Root, ["pack", "templates/MlOps.Templates.csproj", "-c", "Release", "-o", SdkFeed.Folder,
            $"-p:Version={SdkFeed.Version}", "-nodeReuse:false", "-tl:off"]);
        if (pack.ExitCode != 0) throw new InvalidOperationException("Packing the templates failed:\n" + pack);
        var hive = Path.Combine(TempFolders.Root, "template-hive");
        var install = DotNet.Run(TempFolders.Root, ["new", "install", Path.Combine(SdkFeed.Folder, $"MlOps.Templates.{SdkFeed.Version}.nupkg"),
            "--debug:custom-hive", hive]);
        if (install.ExitCode != 0) throw new InvalidOperationException("Installing the templates failed:\n" + install);
        return hive;
    }
}
