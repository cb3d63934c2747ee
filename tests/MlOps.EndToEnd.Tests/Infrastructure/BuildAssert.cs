namespace MlOps.EndToEnd.Tests.Infrastructure;

public static class BuildAssert
{
    public static void Succeeded(CommandResult result) =>
        Assert.AreEqual(0, result.ExitCode, "The build failed:\n" + result.Output);

    /// <summary>The build failed with this MLOPS code as a real MSBuild error, and its text holds every fragment.</summary>
    public static string FailedWith(CommandResult result, string code, params string[] fragments)
    {
        Assert.AreNotEqual(0, result.ExitCode, "The build should have failed:\n" + result.Output);
        var line = result.Output.Split('\n').FirstOrDefault(l => l.Contains($"error {code}:"));
        Assert.IsNotNull(line, $"No 'error {code}:' in the build output:\n{result.Output}");
        foreach (var fragment in fragments)
            Assert.IsTrue(line.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"'{fragment}' missing from: {line}");
        return line;
    }
}
