using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>The template engine itself validates the options and lists the templates: nothing is built here.</summary>
[TestClass]
public sealed class TemplateOptionTests
{
    [TestMethod]
    [DataRow("--task", "foo", "'foo' is not a valid value for --task")]
    [DataRow("--training-time", "abc", "Cannot parse argument 'abc' for option '--training-time'")]
    public void ABadValueGivesTheTemplateEnginesError(string option, string value, string message)
    {
        var folder = TempFolders.New("bad");
        var result = TemplatePackage.New(folder, "mlops", "-n", "Bad", option, value);
        Assert.AreEqual(127, result.ExitCode, "the template engine's exit code for an invalid option:\n" + result.Output);
        StringAssert.Contains(result.Output, message);
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "Bad", "Bad.Model")), "nothing is generated for a bad option");
    }

    [TestMethod]
    public void DataWithoutALabelIsRejected()
    {
        var result = TemplatePackage.New(TempFolders.New("nolabel"), "mlops", "-n", "NoLabel", "--data", "mine.csv");
        Assert.AreEqual(102, result.ExitCode, "the template engine's exit code for a missing required option:\n" + result.Output);
        StringAssert.Contains(result.Output, "'--label'");
    }

    [TestMethod]
    public void ListShowsBothTemplatesAndHelpDescribesThem()
    {
        var list = TemplatePackage.New(TempFolders.Root, "list", "mlops");
        BuildAssert.Succeeded(list);
        StringAssert.Matches(list.Output, new System.Text.RegularExpressions.Regex(@"MlOps model solution\s+mlops\s"));
        StringAssert.Matches(list.Output, new System.Text.RegularExpressions.Regex(@"MlOps model project\s+mlops-item\s"));
        // `dotnet new list` has no description column; each template's help starts with its description.
        foreach (var (template, description) in new[] { ("mlops", "checked by dotnet test"), ("mlops-item", "Adds another model project") })
        {
            var help = TemplatePackage.New(TempFolders.Root, template, "--help");
            BuildAssert.Succeeded(help);
            StringAssert.Contains(help.Output, description);
            StringAssert.Contains(help.Output, "--training-time");
        }
    }
}
