using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;

namespace MlOps.Core.Tests;

/// <summary>MlOpsQuoting: quotes are text in TSV and field quotes (RFC 4180) elsewhere, unless the option says otherwise.</summary>
[TestClass]
public sealed class CsvQuotingTests
{
    // Quote-collection rows: a quote opens the text, the author follows the closing quote, and one quote is never closed.
    private const string Fortunes =
        "Category\tText\n" +
        "people\t\"Be yourself.\" -- Oscar Wilde\n" +
        "computers\t\"It works on my machine\n" +
        "people\tHe said \"no\" twice\n" +
        "science\t\"E = mc^2\" -- Einstein, \"1905\"\n";

    [TestMethod]
    public void TsvQuotesAreTextSoEveryLineIsARow()
    {
        using var dir = new TempDir();
        var data = dir.Load(Fortunes, name: "fortunes.tsv");
        Assert.AreEqual('\t', data.Separator);
        Assert.AreEqual(4, data.RowCount);
        CollectionAssert.AreEqual(new[] { "\"Be yourself.\" -- Oscar Wilde", "\"It works on my machine", "He said \"no\" twice", "\"E = mc^2\" -- Einstein, \"1905\"" },
            data.Column("Text").ToArray());
        CollectionAssert.AreEqual(new[] { 2, 3, 4, 5 }, data.LineNumbers);
        Assert.AreEqual(0, data.Warnings.Count);
    }

    [TestMethod]
    public void Rfc4180QuotesTsvFields()
    {
        using var dir = new TempDir();
        var data = dir.Load("a\tb\n\"x\ty\"\t1\n\"say \"\"hi\"\"\"\t2\n", new CsvOptions(Quoting: CsvQuoting.Rfc4180));
        Assert.AreEqual('\t', data.Separator, "detection reads the tab candidate with the quotes the option asks for");
        CollectionAssert.AreEqual(new[] { "x\ty", "say \"hi\"" }, data.Column("a").ToArray());
    }

    [TestMethod]
    public void CsvFollowsRfc4180UnlessQuotingIsNone()
    {
        using var dir = new TempDir();
        const string text = "a,b\n\"x,y\",1\n";
        CollectionAssert.AreEqual(new[] { "x,y" }, dir.Load(text).Column("a").ToArray());
        var literal = dir.Load("a;b\n\"x;1\n\"y\";2\n", new CsvOptions(Quoting: CsvQuoting.None));
        Assert.AreEqual(';', literal.Separator);
        CollectionAssert.AreEqual(new[] { "\"x", "\"y\"" }, literal.Column("a").ToArray());
        CollectionAssert.AreEqual(new[] { "1", "2" }, literal.Column("b").ToArray());
    }

    [TestMethod]
    public void AQuotedFieldSpanningLinesIsReadWithAWarningNamingTheLines()
    {
        using var dir = new TempDir();
        var data = dir.Load("id,text\n1,\"one\ntwo\"\n2,plain\n3,\"a\n\nb\nc\"\n", name: "notes.csv");
        Assert.AreEqual(3, data.RowCount);
        var warning = data.Warnings.Single();
        Assert.AreEqual(ErrorCodes.MultiLineField, warning.Code);
        Assert.AreEqual(2, warning.Line);
        StringAssert.EndsWith(warning.File, "notes.csv");
        StringAssert.Contains(warning.Message, "2 records hold quoted fields that span lines (lines 2-3, 5-8)");
        StringAssert.Contains(warning.Message, "MlOpsQuoting=none");
    }

    [TestMethod]
    public void TheWarningListsTheFirstSpansThenCountsTheRest()
    {
        using var dir = new TempDir();
        var rows = string.Concat(Enumerable.Range(0, 8).Select(i => $"{i},\"a\nb\"\n"));
        var warning = dir.Load("id,text\n" + rows).Warnings.Single();
        StringAssert.Contains(warning.Message, "8 records hold quoted fields that span lines (lines 2-3, 4-5, 6-7, 8-9, 10-11 and 3 more)");
    }

    [TestMethod]
    public void TheWarningSurvivesMergingFiles()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.csv", "id,text\n1,\"x\ny\"\n");
        var b = dir.Write("b.csv", "id,text\n2,z\n");
        var loaded = DataFiles.Load([a, b], new CsvOptions())!;
        Assert.AreEqual(2, loaded.Table.RowCount);
        Assert.AreEqual(a, loaded.Table.Warnings.Single().File);
    }

    [TestMethod]
    [DataRow("", CsvQuoting.Auto)]
    [DataRow("Quoting=auto", CsvQuoting.Auto)]
    [DataRow("Quoting=RFC4180", CsvQuoting.Rfc4180)]
    [DataRow("Quoting=none", CsvQuoting.None)]
    public void TheQuotingOption(string line, CsvQuoting expected)
    {
        using var dir = new TempDir();
        Assert.AreEqual(expected, CsvSettings.From(OptionsFile.Read(dir.Write("x.options", line + "\n"))).Quoting);
    }

    [TestMethod]
    public void ABadQuotingValueIsMlops1013AtTheProperty()
    {
        using var dir = new TempDir();
        var options = OptionsFile.Read(dir.Write("x.options", "Quoting=double\n"));
        var e = Assert.ThrowsExactly<MlOpsException>(() => CsvSettings.From(options, (code, property, message) => new MlOpsException(code, $"{property}: {message}", "Model.csproj", 9)));
        Assert.AreEqual(ErrorCodes.InvalidQuoting, e.Code);
        StringAssert.StartsWith(e.Message, "MlOpsQuoting: MlOpsQuoting must be auto, rfc4180 or none");
        Assert.AreEqual(("Model.csproj", 9), (e.File, e.Line));
    }

    [TestMethod]
    public void RequestBodiesFollowTheSameRule()
    {
        var comma = CsvRows.Read(new StringReader("a,b\n\"x,y\",1\n"), ',', "the request body");
        CollectionAssert.AreEqual(new[] { "x,y", "1" }, comma.Rows[0]);
        var tab = CsvRows.Read(new StringReader("a\tb\n\"x\" -- y\t1\n"), '\t', "the request body");
        CollectionAssert.AreEqual(new[] { "\"x\" -- y", "1" }, tab.Rows[0]);
    }
}
