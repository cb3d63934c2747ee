using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>The first build writes mlops.schema.json; a breaking change fails later builds until the user accepts it.</summary>
[TestClass]
public sealed class SchemaContractBuildTests
{
    [TestMethod]
    public void ABreakingChangeFailsTheBuildUntilAccepted()
    {
        var project = ModelProject.CreateSynthetic("contract", rows: 80, seed: 1);
        BuildAssert.Succeeded(project.Build());
        var contract = Path.Combine(project.Directory, "mlops.schema.json");
        Assert.IsTrue(File.Exists(contract), "the first build wrote no schema contract");
        var written = File.ReadAllText(contract);
        var outputs = project.SnapshotOutputs();

        // The city column now holds numbers: a type change, caught before any training.
        var lines = File.ReadAllLines(project.DataPath("data/train.csv"));
        File.WriteAllLines(project.DataPath("data/train.csv"), lines.Select((l, i) => i == 0 ? l : string.Join(',', l.Split(',').Select((f, c) => c == 2 ? (i % 7).ToString() : f))));
        BuildAssert.FailedWith(project.Build(), "MLOPS2012", "city", "MlOpsUpdateSchema=true");
        Assert.AreEqual(written, File.ReadAllText(contract), "a failed build changed the contract");
        CollectionAssert.AreEquivalent(outputs.ToList(), project.SnapshotOutputs().ToList(), "a failed build touched the outputs");

        var accepted = project.Build("-p:MlOpsUpdateSchema=true");
        BuildAssert.Succeeded(accepted);
        Assert.AreNotEqual(written, File.ReadAllText(contract), "accepting the change did not rewrite the contract");
        StringAssert.Contains(accepted.Output, "wrote the schema contract");

        // Dropping the one-off flag is not a settings change: nothing retrains.
        var after = project.Build();
        BuildAssert.Succeeded(after);
        StringAssert.Contains(after.Output, "MlOps: model is up to date");
    }
}
