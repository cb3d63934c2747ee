using System.Diagnostics;
using System.Globalization;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool;

/// <summary>
/// base-image: before `dotnet publish` hands over to the .NET SDK's PublishContainer, one cheap look (GET /v2/, then
/// HEAD of the manifest, one short timeout, no retries) at the base image the SDK resolved, with the login the SDK
/// would use. Unreachable, missing or refused is one MLOPS5004 naming the image, the registry, what went wrong and
/// what to set, instead of the SDK task's stack trace (MSB4018) when the registry cannot be reached.
/// </summary>
public static class BaseImageCommand
{
    /// <summary>A registry that answers nothing in this long is as good as unreachable for a build.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // The login the .NET SDK reads for its base image (its RegistryMode.Pull), and, when the base image is on the
    // registry it pushes to (RegistryMode.PullFromOutput), the push login too; then the Docker config.
    private static readonly LoginVariables PullLogin = new("DOTNET_CONTAINER_PULL_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_PWORD");
    private static readonly LoginVariables GenericLogin = new("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD");

    /// <summary>Runtime only names the .NET version in the message.</summary>
    public static readonly OptionKeys Keys = new(["ProjectFile", "Image", "Registry", "Repository"], ["Tag", "Digest", "OutputRegistry", "Runtime", "DigestFile"]);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var image = options.Require("Image");
        var registry = options.Require("Registry");
        var reference = new OciReference(registry, options.Require("Repository"), options.Get("Tag") ?? "latest", options.Get("Digest"));
        var pushRegistry = options.Get("OutputRegistry");
        var pullFromOutput = string.Equals(registry, pushRegistry, StringComparison.OrdinalIgnoreCase);
        LoginVariables[] logins = pullFromOutput ? [PullLogin, GenericLogin, RegistryCredentials.SdkLogin] : [PullLogin];

        // What to set: always the base image; for a refused login, also where the SDK reads one (the client's message says).
        MlOpsException Fail(string what, bool login = false) => new(ErrorCodes.PublishImageFailed,
            $"The base image '{image}' cannot be pulled from the registry {registry}: {what} " +
            (login && !pullFromOutput ? $"({RegistryCredentials.SdkLogin} serve a base image only on the registry the image is pushed to, ContainerRegistry; for another registry the .NET SDK reads {PullLogin}.) " : "") +
            $"Fix that, or set ContainerBaseImage (or MlOpsContainerBaseImage) to an ASP.NET Core {options.Get("Runtime")} image in a registry this machine can reach.",
            project.Path, project.LineOf("ContainerBaseImage") ?? project.LineOf("MlOpsContainerBaseImage"));

        var clock = Stopwatch.StartNew();
        using var client = new RegistryClient(reference, push: false, RegistryCredentials.Find(registry, logins))
        {
            Timeout = Timeout,
            Tries = 1,
            CredentialSources = RegistryCredentials.Sources(registry, logins),
        };
        string? digest;
        try { digest = await client.ManifestDigestAsync(reference.Target, cancellation); }
        catch (MlOpsException e) when (e.Code is ErrorCodes.ModelArtifactRegistryUnreachable or ErrorCodes.ModelArtifactUnauthorized or ErrorCodes.ModelArtifactRegistryError)
        {
            throw Fail(e.Message, login: e.Code == ErrorCodes.ModelArtifactUnauthorized);
        }
        if (digest is null)
            throw Fail($"the repository {reference.Repository} has no manifest '{reference.Target}' (HTTP 404): check the name and the tag.");
        // The digest the image SBOM names the base image by (docs/supply-chain.md): the SDK pulls what the tag points at now.
        if (options.Get("DigestFile") is { } digestFile) File.WriteAllText(digestFile, (options.Get("Digest") ?? digest) + "\n");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MlOps: base image {image} is on {registry} ({clock.Elapsed.TotalSeconds:F1} s)."));
        return 0;
    }
}
