using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Rollout;

/// <summary>
/// promote: the challenger (the image's first tag, the artifact's model tag) becomes staging, then production, in the
/// image and model artifact repositories; production's former digest is kept as production-previous. Nothing moves
/// unless both repositories hold the same model.
/// </summary>
public static class PromoteCommand
{
    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var repositories = RolloutRepositories.Read(options, project, withChallenger: true);
        try
        {
            var challengers = new List<ResolvedManifest>();
            foreach (var repository in repositories)
                challengers.Add(await Guard(repository, project, () => TagMoves.RequireAsync(repository, repository.ChallengerTag!, "publish the challenger first (`dotnet publish`)", cancellation)));
            if (repositories.Count == 2)
                await ModelMatch.CheckAsync(repositories[0], challengers[0], repositories[1], challengers[1], cancellation);

            foreach (var (repository, challenger) in repositories.Zip(challengers))
                await Guard(repository, project, () => TagMoves.MoveAsync(repository, RolloutRepositories.Staging, challenger.Digest, log, cancellation));
            foreach (var (repository, challenger) in repositories.Zip(challengers))
                await Guard(repository, project, async () =>
                {
                    if (await repository.Client.ResolveAsync(RolloutRepositories.Production, cancellation) is { } production && production.Digest != challenger.Digest)
                        await TagMoves.MoveAsync(repository, RolloutRepositories.ProductionPrevious, production.Digest, log, cancellation);
                    await TagMoves.MoveAsync(repository, RolloutRepositories.Production, challenger.Digest, log, cancellation);
                });
            return 0;
        }
        finally { foreach (var r in repositories) r.Dispose(); }
    }

    /// <summary>Runs one repository's step; a registry error points at the setting naming that repository.</summary>
    internal static async Task<T> Guard<T>(RolloutRepository repository, ProjectLines project, Func<Task<T>> step)
    {
        try { return await step(); }
        catch (MlOpsException e) { throw RolloutRepositories.AtSetting(e, repository, project); }
    }

    internal static Task Guard(RolloutRepository repository, ProjectLines project, Func<Task> step) =>
        Guard<bool>(repository, project, async () => { await step(); return true; });
}
