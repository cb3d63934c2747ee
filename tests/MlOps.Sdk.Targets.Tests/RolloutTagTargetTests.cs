using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>MlOpsPromote and MlOpsRollback hand the tool the repositories publish pushed to and the challenger's tags.</summary>
[TestClass]
public sealed class RolloutTagTargetTests
{
    [TestMethod]
    public void PromotePassesTheImageAndArtifactRepositoriesAndTheChallengerTags()
    {
        using var project = new TargetProject().Set("Version", "1.2.3+build.7").Set("ContainerRegistry", "localhost:5000")
            .Set("ContainerImageTags", "1.2.3-rc;latest").Set("MlOpsModelRegistry", "localhost:5000/models/house");

        var promote = TargetProject.OneCall(project.Build("-t:MlOpsPromote"), "promote");

        Assert.AreEqual(project.ProjectFile, promote["ProjectFile"]);
        Assert.AreEqual("localhost:5000/model", promote["ImageRepository"], "the default repository publish computes: the project name, lower case");
        Assert.AreEqual("1.2.3-rc", promote["ImageTag"], "the image's first tag");
        Assert.AreEqual("localhost:5000/models/house", promote["ModelRepository"]);
        Assert.AreEqual("", promote["ModelTag"], "no MlOpsModelTag: the tool derives it from the Version, as the artifact command does");
        Assert.AreEqual("1.2.3+build.7", promote["Version"]);

        var rollback = TargetProject.OneCall(project.Build("-t:MlOpsRollback", "-p:ContainerRepository=acme/house", "-p:MlOpsModelTag=v9"), "rollback");
        Assert.AreEqual("localhost:5000/acme/house", rollback["ImageRepository"]);
        Assert.AreEqual("v9", rollback["ModelTag"]);
    }

    [TestMethod]
    public void WithoutAContainerRegistryOnlyTheArtifactRepositoryIsPassed()
    {
        using var project = new TargetProject().Set("MlOpsModelRegistry", "localhost:5000/models/house");

        var promote = TargetProject.OneCall(project.Build("-t:MlOpsPromote"), "promote");

        Assert.IsFalse(promote.Keys.Contains("ImageRepository"), promote.ToString());
        Assert.AreEqual("localhost:5000/models/house", promote["ModelRepository"]);
    }
}
