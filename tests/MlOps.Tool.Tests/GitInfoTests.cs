using MlOps.Core.Tests;

namespace MlOps.Tool.Tests;

/// <summary>The lineage's commit: $(SourceRevisionId) when the build has a full one, else git (here: none, a temp folder).</summary>
[TestClass]
public sealed class GitInfoTests
{
    [TestMethod]
    public void AFullSourceRevisionIdIsTheCommitWithoutGit()
    {
        using var dir = new TempDir();
        var sha1 = "0123456789ABCDEF0123456789abcdef01234567";
        Assert.AreEqual(new Core.Artifacts.GitRecord(sha1.ToLowerInvariant(), Dirty: false), GitInfo.Read(dir.Root, sha1));
        var sha256 = new string('a', 64);
        Assert.AreEqual(sha256, GitInfo.Read(dir.Root, sha256)!.Commit);
    }

    [TestMethod]
    public void AnythingElseFallsBackToGit()
    {
        using var dir = new TempDir();
        // Outside a git work tree git has no commit, so nothing is recorded rather than a made-up revision.
        Assert.IsNull(GitInfo.Read(dir.Root, "abc1234"), "a short id is not a commit id");
        Assert.IsNull(GitInfo.Read(dir.Root, "$(SourceRevisionId)"));
        Assert.IsNull(GitInfo.Read(dir.Root, ""));
        Assert.IsNull(GitInfo.Read(dir.Root));
    }
}
