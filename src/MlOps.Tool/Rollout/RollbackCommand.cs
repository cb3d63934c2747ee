using MlOps.Tool.Oci;

namespace MlOps.Tool.Rollout;

/// <summary>
/// rollback: production goes back to production-previous's digest in each repository. Every repository must have a
/// production-previous before anything moves; production-previous stays, so a repeat changes nothing.
/// </summary>
public static class RollbackCommand
{
    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var repositories = RolloutRepositories.Read(options, project, withChallenger: false);
        try
        {
            var previous = new List<ResolvedManifest>();
            foreach (var repository in repositories)
                previous.Add(await PromoteCommand.Guard(repository, project, () => TagMoves.RequireAsync(repository, RolloutRepositories.ProductionPrevious,
                    "there is nothing to roll back to (a promote keeps the replaced production there)", cancellation)));
            foreach (var (repository, target) in repositories.Zip(previous))
                await PromoteCommand.Guard(repository, project, () => TagMoves.MoveAsync(repository, RolloutRepositories.Production, target.Digest, log, cancellation));
            return 0;
        }
        finally { foreach (var r in repositories) r.Dispose(); }
    }
}
