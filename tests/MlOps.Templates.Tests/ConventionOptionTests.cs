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
    [DataRow("mlops")]
    [DataRow("mlops-item")]
    public void DataKeepsTheLocalPathOutOfTheCommittedProject(string template)
    {
        var folder = TempFolders.New("data-path");
        // mlops-item adds itself to the solution it finds: give it one.
        if (template == "mlops-item") File.WriteAllText(Path.Combine(folder, "Homes.slnx"), "<Solution>\n</Solution>\n");
        var result = TemplatePackage.New(folder, template, "-n", "Homes", "--data", Path.Combine("..", "mine", "homes.csv"), "--label", "Price", "-f", "net10.0");
        BuildAssert.Succeeded(result);
        var project = Directory.GetFiles(folder, "*.csproj", SearchOption.AllDirectories).Single();

        var csproj = File.ReadAllText(project);
        Assert.IsFalse(csproj.Contains(folder, StringComparison.Ordinal), "no path of this machine in the committed project:\n" + csproj);
        StringAssert.Contains(csproj, "<MlOpsTrainingData Include=\"data/homes.csv\" />", "the project-relative data path");
        StringAssert.Contains(csproj, "<TargetFramework>net10.0</TargetFramework>");
        // The copy's source sits in the .csproj.user file MSBuild imports, which the solution's .gitignore leaves out.
        var user = File.ReadAllText(project + ".user");
        StringAssert.Contains(user, $"NormalizePath('{folder}', '{Path.Combine("..", "mine", "homes.csv")}')");
        // As MSBuild reads it (Microsoft.Common imports <project>.user); a plain project, so no MlOps.Sdk is resolved.
        var reader = Path.Combine(Path.GetDirectoryName(project)!, "read-user.proj");
        File.WriteAllText(reader, $"""<Project><Import Project="{project}.user" /><Target Name="Build" /></Project>""");
        var read = DotNet.Run(Path.GetDirectoryName(project)!, ["msbuild", reader, "-nologo", "-getProperty:ModelDataSource"]);
        Assert.AreEqual(Path.GetFullPath(Path.Combine(folder, "..", "mine", "homes.csv")), read.Output.Trim(), read.ToString());
        if (template == "mlops")
            StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "Homes", ".gitignore")), "*.user");
    }

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
