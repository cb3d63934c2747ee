using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>
/// The targets' own errors (MLOPS0xxx): each names what to set (and the project file where it is set), starts no tool,
/// and leaves the last good build's model byte-for-byte and timestamp-for-timestamp as it was.
/// </summary>
[TestClass]
public sealed class ErrorCodeTests
{
    [TestMethod]
    public void NoTrainingData() => Expect(p => p.ClearItems(), "MLOPS0001", "Model.csproj", "MlOpsTrainingData");

    [TestMethod]
    public void NoLabel() => Expect(p => p.Set("MlOpsLabelColumn", ""), "MLOPS0002", "Model.csproj", "MlOpsLabelColumn");

    [TestMethod]
    public void ToolMissing() =>
        Expect(p => p.Set("MlOpsToolAssembly", "/nonexistent/MlOps.Tool.dll").Set("MlOpsSeed", "1"), "MLOPS0003", "/nonexistent/MlOps.Tool.dll", "MlOpsToolAssembly");

    private static void Expect(Action<TargetProject> breakIt, string code, params string[] mentions)
    {
        using var project = new TargetProject();
        project.Build();
        var before = project.SnapshotModel();
        Assert.IsTrue(before.Keys.Any(k => k.EndsWith("model.zip", StringComparison.Ordinal)), "the good build left no model");

        breakIt(project);
        var result = project.RunRecorded(out var calls);

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        var line = result.Output.Split('\n').FirstOrDefault(l => l.Contains($"error {code}:", StringComparison.Ordinal));
        Assert.IsNotNull(line, result.Output);
        foreach (var mention in mentions) StringAssert.Contains(line, mention);
        Assert.AreEqual(0, calls.Count, "no tool ran: " + string.Join("; ", calls));
        CollectionAssert.AreEquivalent(before.ToList(), project.SnapshotModel().ToList(), "the previous model was touched");
    }
}
