using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>
/// The template's conventions, read from what `dotnet new` writes (nothing is built): --data leaves no path of this
/// machine in a committed file, and -f|--framework is the option every .NET template has.
/// </summary>
[TestClass]
public sealed class ConventionOptionTests
{
    [TestMethod]
    public void SampleDataWritesNoUserFile()
    {
        var folder = TempFolders.New("sample-data");
        BuildAssert.Succeeded(TemplatePackage.New(folder, "mlops", "-n", "Churn"));
        Assert.AreEqual(0, Directory.GetFiles(folder, "*.user", SearchOption.AllDirectories).Length, "the .user file only comes with --data");
    }

    [TestMethod]
    public void FrameworkIsTheConventionalOption()
    {
        foreach (var template in new[] { "mlops", "mlops-item" })
        {
            var help = TemplatePackage.New(TempFolders.Root, template, "--help");
            BuildAssert.Succeeded(help);
            StringAssert.Matches(help.Output, new System.Text.RegularExpressions.Regex(@"-f, --framework <net10\.0>"), help.Output);
        }
        var folder = TempFolders.New("framework");
        var bad = TemplatePackage.New(folder, "mlops", "-n", "Old", "-f", "net8.0");
        Assert.AreEqual(127, bad.ExitCode, bad.ToString());
        StringAssert.Contains(bad.Output, "'net8.0' is not a valid value for -f");
    }
}
