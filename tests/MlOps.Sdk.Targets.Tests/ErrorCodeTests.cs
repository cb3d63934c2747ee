using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>The targets' own errors (MLOPS0xxx), each naming what to set (and the project file where it is set), before any tool runs.</summary>
[TestClass]
public sealed class ErrorCodeTests
{
    [TestMethod]
    public void NoTrainingData() =>
        Expect(new TargetProject().ClearItems(), "MLOPS0001", "Model.csproj", "MlOpsTrainingData");

    [TestMethod]
    public void NoLabel() =>
        Expect(new TargetProject().Set("MlOpsLabelColumn", ""), "MLOPS0002", "Model.csproj", "MlOpsLabelColumn");

    [TestMethod]
    public void ToolMissing() =>
        Expect(new TargetProject().Set("MlOpsToolAssembly", "/nonexistent/MlOps.Tool.dll"), "MLOPS0003", "/nonexistent/MlOps.Tool.dll", "MlOpsToolAssembly");

    private static void Expect(TargetProject target, string code, params string[] mentions)
    {
        using var project = target;
        var result = project.Run();

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, $"error {code}:", result.Output);
        var line = result.Output.Split('\n').First(l => l.Contains($"error {code}:", StringComparison.Ordinal));
        foreach (var mention in mentions) StringAssert.Contains(line, mention);
        Assert.IsFalse(Directory.Exists(Path.Combine(project.Directory, "fake-tool-calls")), "no tool ran");
    }
}
