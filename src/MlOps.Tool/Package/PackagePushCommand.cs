using System.Net;
using MlOps.Core.Diagnostics;
using NuGet.Packaging;

namespace MlOps.Tool.Package;

/// <summary>
/// package-push: after `dotnet publish` packed the model, moves the .nupkg into MlOpsPackageOutputPath (temp then
/// rename) and, when MlOpsModelFeed is set, pushes it there. A version the feed already has is an error, never an
/// overwrite: a published model version must always mean the same model.
/// </summary>
public static class PackagePushCommand
{
    public static readonly OptionKeys Keys = new(["ProjectFile", "Package", "OutputDirectory"], ["Feed", "RestoreConfigFile", "Sign", "Timestamper"]);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var staged = options.Require("Package");
        string id, version;
        using (var reader = new PackageArchiveReader(staged))
            (id, version) = (reader.NuspecReader.GetId(), reader.NuspecReader.GetVersion().ToNormalizedString());

        // Signed before it is moved into place or pushed: the package anyone sees is the signed one.
        if (options.Get("Sign") == "true") await PackageSigning.SignAsync(staged, options.Get("Timestamper"), project, log, cancellation);

        var output = options.Require("OutputDirectory");
        Directory.CreateDirectory(output);
        var package = Path.Combine(output, Path.GetFileName(staged));
        AtomicFile.Copy(staged, package);
        log.WriteLine($"MlOps: model package {id} {version} -> {package} ({new FileInfo(package).Length / 1024.0 / 1024.0:0.00} MB)");

        if (options.Get("Feed") is not { } feedSetting)
        {
            log.WriteLine("MlOps: no MlOpsModelFeed set, so the model package is not pushed.");
            return 0;
        }
        var directory = Path.GetDirectoryName(project.Path)!;
        var feed = PackageFeed.Open(feedSetting, directory, PackageFeed.LoadSettings(directory, options.Get("RestoreConfigFile")));
        var line = project.LineOf("MlOpsModelFeed");
        await PushAsync(feed, package, id, version, project.Path, line, log, cancellation);
        return 0;
    }

    private static async Task PushAsync(PackageFeed feed, string package, string id, string version, string projectFile, int? line, TextWriter log, CancellationToken cancellation)
    {
        var exists = await feed.ExistsAsync(id, NuGet.Versioning.NuGetVersion.Parse(version), cancellation);
        if (exists == true) throw AlreadyThere(feed, id, version, projectFile, line);
        try
        {
            await feed.PushAsync(package, log, cancellation);
        }
        catch (Exception e) when (e is not (MlOpsException or OperationCanceledException))
        {
            throw NuGetLog.Status(e) switch
            {
                HttpStatusCode.Conflict => AlreadyThere(feed, id, version, projectFile, line),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new MlOpsException(ErrorCodes.PackagePushFailed,
                    $"The feed {feed.Display} refused {id} {version}: {NuGetLog.Reason(e)} Give it an API key in the {PackageFeed.ApiKeyVariable} environment variable " +
                    "or NuGet.config's apikeys, and credentials in NuGet.config's packageSourceCredentials (or NuGetPackageSourceCredentials_<source name>).", projectFile, line),
                _ => new MlOpsException(ErrorCodes.PackagePushFailed, $"Pushing {id} {version} to {feed.Display} failed: {NuGetLog.Reason(e)}", projectFile, line),
            };
        }
        log.WriteLine($"MlOps: pushed {id} {version} to {feed.Display}.");
    }

    private static MlOpsException AlreadyThere(PackageFeed feed, string id, string version, string projectFile, int? line) =>
        new(ErrorCodes.PackageVersionExists,
            $"{id} {version} is already on the feed {feed.Display}; a published model version is never overwritten. Give this model a new version (Version, e.g. -p:Version=…, or MinVer/Nerdbank.GitVersioning).",
            projectFile, line);
}
