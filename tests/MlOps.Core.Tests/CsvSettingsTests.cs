using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Core.Tests;

/// <summary>MlOpsSeparator and MlOpsHasHeader, read one strict way by training, the test checks and the smoke test.</summary>
[TestClass]
public sealed class CsvSettingsTests
{
    private static CsvOptions From(string lines, CsvSettings.ErrorFactory? error = null)
    {
        using var dir = new TempDir();
        return CsvSettings.From(OptionsFile.Read(dir.Write("x.options", lines)), error);
    }

    [TestMethod]
    [DataRow("Separator=tab", '\t')]
    [DataRow("Separator=\\t", '\t')]
    [DataRow("Separator=Semicolon", ';')]
    [DataRow("Separator=pipe", '|')]
    [DataRow("Separator=space", ' ')]
    [DataRow("Separator=#", '#')]
    public void SeparatorNamesAndCharacters(string line, char expected) => Assert.AreEqual(expected, From(line).Separator);

    [TestMethod]
    public void EmptyMeansDetect()
    {
        Assert.AreEqual(new CsvOptions(null, null), From("Separator=\nHasHeader=\n"));
        Assert.AreEqual(new CsvOptions(',', false), From("Separator=comma\nHasHeader=False\n"));
    }

    [TestMethod]
    public void ABadValueNamesThePropertyAndTheFile()
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => From("Separator=;;"));
        Assert.AreEqual(ErrorCodes.InvalidSeparator, e.Code);
        StringAssert.Contains(e.Message, "MlOpsSeparator");
        StringAssert.EndsWith(e.File, "x.options");

        e = Assert.ThrowsExactly<MlOpsException>(() => From("HasHeader=maybe", (code, property, message) => new MlOpsException(code, $"{property}: {message}", "Model.csproj", 7)));
        Assert.AreEqual(ErrorCodes.InvalidBoolean, e.Code);
        StringAssert.StartsWith(e.Message, "MlOpsHasHeader: MlOpsHasHeader must be true or false");
        Assert.AreEqual(("Model.csproj", 7), (e.File, e.Line));
    }
}
