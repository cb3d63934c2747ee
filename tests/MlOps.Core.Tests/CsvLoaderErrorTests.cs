using MlOps.Core.Data;
using MlOps.Core.Diagnostics;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class CsvLoaderErrorTests
{
    private static MlOpsException Fails(Func<TabularData> load) => Assert.ThrowsExactly<MlOpsException>(() => load());

    [TestMethod]
    public void MissingFile()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "nope.csv");
        var e = Fails(() => CsvLoader.Load(path, new CsvOptions()));
        Assert.AreEqual(ErrorCodes.DataFileMissing, e.Code);
        Assert.AreEqual(path, e.File);
        Assert.Contains(path, e.Message);
    }

    [TestMethod]
    public void DirectoryIsUnreadable()
    {
        using var dir = new TempDir();
        var e = Fails(() => CsvLoader.Load(dir.Root, new CsvOptions()));
        Assert.AreEqual(ErrorCodes.DataFileUnreadable, e.Code);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("\n  \r\n\n")]
    public void EmptyFile(string content)
    {
        using var dir = new TempDir();
        Assert.AreEqual(ErrorCodes.DataFileEmpty, Fails(() => dir.Load(content)).Code);
    }

    [TestMethod]
    public void HeaderOnly()
    {
        using var dir = new TempDir();
        var e = Fails(() => dir.Load("a,b,c\n\n"));
        Assert.AreEqual(ErrorCodes.DataFileHeaderOnly, e.Code);
        Assert.AreEqual(1, e.Line);
    }

    [TestMethod]
    public void RaggedRowNamesLineAndCounts()
    {
        using var dir = new TempDir();
        var e = Fails(() => dir.Load("a,b,c\n1,2,3\n\n4,5\n"));
        Assert.AreEqual(ErrorCodes.RaggedRow, e.Code);
        Assert.AreEqual(4, e.Line);
        Assert.Contains("2 fields", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Contains("MlOpsSeparator", e.Message);
        StringAssert.StartsWith(e.ToCanonical(), $"{e.File}(4) : error MLOPS2005:");
    }

    [TestMethod]
    public void RaggedRowWithoutHeaderComparesToFirstRow()
    {
        using var dir = new TempDir();
        var e = Fails(() => dir.Load("1;2\n3;4\n5;6;7", new CsvOptions(Separator: ';', HasHeader: false)));
        Assert.AreEqual(ErrorCodes.RaggedRow, e.Code);
        Assert.AreEqual(3, e.Line);
        Assert.Contains("first row", e.Message);
    }

    [TestMethod]
    public void UnterminatedQuoteNamesWhereItBegan()
    {
        using var dir = new TempDir();
        var e = Fails(() => dir.Load("a,b\n1,x\n2,\"oops\n3,y\n4,z\n"));
        Assert.AreEqual(ErrorCodes.UnterminatedQuote, e.Code);
        Assert.AreEqual(3, e.Line);
    }

    [TestMethod]
    public void QuoteIsNotASeparator()
    {
        using var dir = new TempDir();
        Assert.AreEqual(ErrorCodes.InvalidSeparator, Fails(() => dir.Load("a\n1", new CsvOptions(Separator: '"'))).Code);
    }
}
