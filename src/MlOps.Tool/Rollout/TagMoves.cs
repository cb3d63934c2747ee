using MlOps.Core.Diagnostics;
using MlOps.Sdk.Tasks;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Rollout;

/// <summary>One tag pointed at a digest in one repository, and the line that says so once it was read back.</summary>
public static class TagMoves
{
    /// <summary>Moves <paramref name="tag"/> to <paramref name="digest"/> (nothing to do when it is there) and prints the move.</summary>
    public static async Task MoveAsync(RolloutRepository repository, string tag, string digest, TextWriter log, CancellationToken cancellation)
    {
        var old = (await repository.Client.ResolveAsync(tag, cancellation))?.Digest;
        if (old != digest) await repository.Client.TagAsync(digest, tag, cancellation);
        // A summary line: every logger shows it, the terminal logger included (build/MlOps.Rollout.proj).
        log.WriteLine(ToolOutput.FormatSummary($"MlOps: {repository.Reference}: {tag} {RolloutRepositories.Short(old)} -> {RolloutRepositories.Short(digest)} (verified)"));
    }

    /// <summary>The digest a tag names; an MLOPS5052 naming what to do when there is none.</summary>
    public static async Task<ResolvedManifest> RequireAsync(RolloutRepository repository, string tag, string remedy, CancellationToken cancellation) =>
        await repository.Client.ResolveAsync(tag, cancellation)
        ?? throw new MlOpsException(ErrorCodes.RolloutTagMissing, $"The {repository.Name} repository {repository.Reference} has no tag '{tag}': {remedy}. Nothing was moved.");
}
