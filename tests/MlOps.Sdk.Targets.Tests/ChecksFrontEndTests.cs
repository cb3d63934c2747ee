using System.Security;
using MlOps.EndToEnd.Tests.Infrastructure;
using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>
/// MlOps.Testing.targets picks the generated checks' front end from the test project's package references
/// (xunit.v3* → xUnit, NUnit → NUnit, otherwise MSTest), or from MlOpsTestFramework. A bare project that imports the
/// package's targets and stands in for CoreCompile: seconds, no restore.
/// </summary>
[TestClass]
public sealed class ChecksFrontEndTests
{
    [TestMethod]
    [DataRow("MSTest", null, "MlOpsChecks.cs")]
    [DataRow("xunit.v3.mtp-off", null, "MlOpsChecks.XunitV3.cs")]
    [DataRow("NUnit;NUnit3TestAdapter", null, "MlOpsChecks.NUnit.cs")]
    [DataRow("", null, "MlOpsChecks.cs")]
    [DataRow("NUnit", "MSTest", "MlOpsChecks.cs")]
    public void ThePackageReferencesOrThePropertyPickTheFrontEnd(string packages, string? framework, string expected)
    {
        var result = Compile(packages, framework);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        Assert.AreEqual(expected, Path.GetFileName(CompiledLine(result)), result.Output);
    }

    [TestMethod]
    public void XunitV2GetsNoChecksAndAWarning()
    {
        var result = Compile("xunit;xunit.runner.visualstudio", null);

        Assert.AreEqual(0, result.ExitCode, result.Output);
        Assert.AreEqual("", CompiledLine(result), result.Output);
        StringAssert.Contains(result.Output, "warning MLOPS1051");
        StringAssert.Contains(result.Output, "xunit.v3");
    }

    [TestMethod]
    public void AnUnknownFrameworkFailsNamingTheChoices()
    {
        var result = Compile("MSTest", "TUnit");

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        var line = result.Output.Split('\n').Single(l => l.Contains("error MLOPS1050", StringComparison.Ordinal));
        foreach (var mention in new[] { "Tests.csproj", "'TUnit'", "MSTest", "xUnit", "NUnit", "MlOpsGenerateChecks" })
            StringAssert.Contains(line, mention);
    }

    private static string CompiledLine(CommandResult result) =>
        result.Output.Split('\n').Select(l => l.Trim()).SingleOrDefault(l => l.StartsWith("Compiled:", StringComparison.Ordinal))?["Compiled:".Length..] ?? "";

    private static CommandResult Compile(string packages, string? framework)
    {
        var directory = Directory.CreateTempSubdirectory("mlops-frontend-").FullName;
        try
        {
            var targets = Path.Combine(TestPaths.RepoRoot, "src", "MlOps.Testing", "build", "MlOps.Testing.targets");
            var references = string.Concat(packages.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<PackageReference Include=\"{p}\" />"));
            var property = framework is null ? "" : $"<MlOpsTestFramework>{SecurityElement.Escape(framework)}</MlOpsTestFramework>";
            File.WriteAllText(Path.Combine(directory, "Tests.csproj"), $"""
                <Project>
                  <PropertyGroup>{property}</PropertyGroup>
                  <ItemGroup>{references}</ItemGroup>
                  <Import Project="{targets}" />
                  <Target Name="CoreCompile">
                    <Message Importance="high" Text="Compiled:@(Compile->'%(FullPath)')" />
                  </Target>
                </Project>
                """);
            return DotNet.Run(directory, ["msbuild", "Tests.csproj", "-t:CoreCompile", "-nodeReuse:false", "-tl:off", "-nologo"]);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
