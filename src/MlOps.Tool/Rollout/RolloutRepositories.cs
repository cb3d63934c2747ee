using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Rollout;

/// <summary>One repository whose tags move: the scoring image's or the model artifact's, with the tag publish gave the challenger.</summary>
public sealed record RolloutRepository(string Name, string Setting, OciReference Reference, string? ChallengerTag) : IDisposable
{
    private RegistryClient? _client;

    /// <summary>Pushes to it are ours, so the SDK's login (SDK_CONTAINER_REGISTRY_UNAME/PWORD) applies; push rights to move tags.</summary>
    public RegistryClient Client => _client ??= RegistryClient.Open(Reference, push: true, [Reference.Registry]);

    public void Dispose() => _client?.Dispose();
}

/// <summary>
/// The options promote and rollback share: ImageRepository (ContainerRegistry/ContainerRepository) and ModelRepository
/// (MlOpsModelRegistry), either may be empty, not both; the challenger's tags (ImageTag, and ModelTag or Version) for promote.
/// </summary>
public static class RolloutRepositories
{
    public static readonly OptionKeys Keys = new(["ProjectFile"], ["ImageRepository", "ImageTag", "ModelRepository", "ModelTag", "Version"]);

    public const string Staging = "staging";
    public const string Production = "production";
    public const string ProductionPrevious = "production-previous";

    /// <param name="withChallenger">Promote: each repository needs the challenger's tag.</param>
    public static List<RolloutRepository> Read(OptionsFile options, ProjectLines project, bool withChallenger)
    {
        var found = new List<RolloutRepository>();
        if (options.Get("ImageRepository") is { } image)
            found.Add(new("image", "ContainerRegistry", Parse(image, "ContainerRegistry", project),
                withChallenger ? options.Get("ImageTag") ?? throw Missing(project, "the image's tag (ContainerImageTags, default the Version)") : null));
        if (options.Get("ModelRepository") is { } model)
            found.Add(new("model artifact", "MlOpsModelRegistry", Parse(model, "MlOpsModelRegistry", project),
                withChallenger ? ArtifactCommand.TagOf(options.Get("ModelTag"), options.Get("Version") ?? throw Missing(project, "the Version"), project) : null));
        if (found.Count == 0)
            throw new MlOpsException(ErrorCodes.RolloutNoRepository,
                "There is no registry to move tags in: set ContainerRegistry (the scoring image) and/or MlOpsModelRegistry (the model artifact), as for `dotnet publish`.", project.Path);
        return found;
    }

    /// <summary>The 12 hex digits people read in logs (as docker images shows), or (none).</summary>
    public static string Short(string? digest) => digest is null ? "(none)" : OciDigest.Hex(digest)[..12];

    /// <summary>Where a failure in one repository points: the setting that names it.</summary>
    public static MlOpsException AtSetting(MlOpsException e, RolloutRepository repository, ProjectLines project) =>
        e.File is null ? new MlOpsException(e.Code, e.Message, project.Path, project.LineOf(repository.Setting)) : e;

    private static OciReference Parse(string text, string setting, ProjectLines project) =>
        OciReference.TryParse(text, requireTarget: false, out var reference, out var problem) && reference!.Tag is null && reference.Digest is null
            ? reference
            : throw new MlOpsException(ErrorCodes.ModelArtifactInvalidReference,
                $"'{text}' ({setting}) must be registry/repository, without a tag: {(problem.Length > 0 ? problem : "the tags are what promote moves")}.", project.Path, project.LineOf(setting));

    private static MlOpsException Missing(ProjectLines project, string what) =>
        new(ErrorCodes.PromoteUnexpected, $"The promote options lack {what}; the MlOpsPromote target passes it.", project.Path);
}
