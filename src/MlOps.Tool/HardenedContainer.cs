using System.IO.Compression;

namespace MlOps.Tool;

/// <summary>
/// How the scoring image is run, wherever it runs: the Kubernetes deployment (DeployCommand) and the staging smoke
/// test (SmokeCommand) both take their settings from here, so the smoke test checks what the cluster will run.
/// Kubernetes Pod Security "restricted" (non-root user, RuntimeDefault seccomp, every capability dropped, no privilege
/// escalation) plus a read-only root filesystem, with one writable scratch folder: ML.NET unpacks model.zip into the
/// temp folder when it loads the model, so a read-only /tmp fails start-up with MLOPS6002.
/// </summary>
public sealed record HardenedContainer(int ScratchMiB)
{
    /// <summary>The service's HTTP port (ASPNETCORE_HTTP_PORTS of the .NET base images, the port the image exposes).</summary>
    public const int Port = 8080;
    /// <summary>The image's default non-root app user (APP_UID of the .NET base images; the SDK makes it the image's user).</summary>
    public const int DefaultUserId = 1654;

    /// <summary>
    /// The user and group the pod and the smoke test run as: the image's own user (ContainerUser of the model project,
    /// checked numeric and non-root by the targets, MLOPS1060), so the manifests never contradict the image.
    /// </summary>
    public int UserId { get; init; } = DefaultUserId;
    public int GroupId { get; init; } = DefaultUserId;

    /// <summary>This run as the image's user: "uid" or "uid:gid" (ContainerUser); empty keeps the default.</summary>
    public HardenedContainer AsUser(string? containerUser)
    {
        if (string.IsNullOrEmpty(containerUser)) return this;
        var parts = containerUser.Split(':');
        var uid = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        return this with { UserId = uid, GroupId = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : uid };
    }
    /// <summary>The writable scratch folder: Path.GetTempPath() in the container, where ML.NET unpacks the model.</summary>
    public const string ScratchPath = "/tmp";
    public const string ScratchVolume = "tmp";

    /// <summary>The service's environment: only the port, as the image already says (listening on every interface of the pod).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment { get; } = [new("ASPNETCORE_HTTP_PORTS", $"{Port}")];

    /// <summary>
    /// The scratch size for the image's models (one, or the challenger and the champion): their unpacked sizes twice
    /// (ML.NET's copy, and room for a reload) plus 64 MiB for the runtime's own files (diagnostics sockets), rounded up
    /// to 32 MiB.
    /// </summary>
    public static HardenedContainer ForModels(IEnumerable<string> modelZips) =>
        new((int)(Math.Ceiling((64 + 2 * modelZips.Sum(UnpackedBytes) / (1024.0 * 1024.0)) / 32) * 32));

    /// <summary>The sum of model.zip's entries, uncompressed: what ML.NET holds on disk and in memory.</summary>
    public static long UnpackedBytes(string modelZip)
    {
        using var zip = ZipFile.OpenRead(modelZip);
        return zip.Entries.Sum(e => e.Length);
    }

    public long ScratchBytes => ScratchMiB * 1024L * 1024L;
}
