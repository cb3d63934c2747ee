using MlOps.Core.Data;
using MlOps.Core.Diagnostics;

namespace MlOps.Core.Tests;

/// <summary>An in-memory CSV (a request body) read with the training files' record reader and header rules.</summary>
[TestClass]
public sealed class CsvRowsTests
{
    private static CsvRows.Table Read(string text) => CsvRows.Read(new StringReader(text), ',', "the body");

    private static MlOpsException Fails(string text) => Assert.ThrowsExactly<MlOpsException>(() => Read(text));

    [TestMethod]
    public void CellsFollowTheTrainingFileRules()
    {
        var table = Read("#a, b ,b,\n 1 ,\"x, \"\"y\"\"\",,\"two\nlines\"\n\n  \n2,\" q \" tail,3,4\n");
        CollectionAssert.AreEqual(new[] { "a", "b", "b_1", "Column3" }, table.Header.ToArray(), "'#' dropped, names trimmed, repeats and blanks named");
        Assert.AreEqual(2, table.Rows.Count, "blank lines are skipped");
        CollectionAssert.AreEqual(new[] { "1", "x, \"y\"", null, "two\nlines" }, table.Rows[0]);
        CollectionAssert.AreEqual(new[] { "2", " q  tail", "3", "4" }, table.Rows[1], "quoted blanks kept, text after the quote kept");
    }

    [TestMethod]
    public void ARaggedRowIsNamedByItsIndex()
    {
        var e = Fails("a,b\n1,2\n3,4,5\n");
        Assert.AreEqual(ErrorCodes.RaggedRow, e.Code);
        Assert.AreEqual("Row 1 (line 3) has 3 fields but the header has 2.", e.Message);
        Assert.AreEqual(3, e.Line);
    }

    [TestMethod]
    public void EmptyTextOrAnOpenQuoteFails()
    {
        Assert.AreEqual(ErrorCodes.DataFileEmpty, Fails(" \n\n").Code);
        var e = Fails("a,b\n1,\"open\n");
        Assert.AreEqual(ErrorCodes.UnterminatedQuote, e.Code);
        Assert.AreEqual("the body", e.File);
    }
}
