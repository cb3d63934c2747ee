using MlOps.Core.Data;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class CsvLoaderTests
{
    [TestMethod]
    [DataRow(',')]
    [DataRow(';')]
    [DataRow('\t')]
    public void DetectsEachSeparator(char separator)
    {
        using var dir = new TempDir();
        var s = separator.ToString();
        var data = dir.Load(string.Join("\n", $"a{s}b{s}c", $"1{s}2{s}x", $"3{s}4{s}y"));
        Assert.AreEqual(separator, data.Separator);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, data.ColumnNames.ToArray());
        CollectionAssert.AreEqual(new[] { "2", "4" }, data.Column("b").ToArray());
    }

    [TestMethod]
    public void SeparatorInsideQuotesDoesNotMisleadDetection()
    {
        using var dir = new TempDir();
        var data = dir.Load("id;text\n1;\"a, b, c\"\n2;plain, with, commas\n3;x");
        Assert.AreEqual(';', data.Separator);
        Assert.AreEqual("a, b, c", data.Columns[1][0]);
    }

    [TestMethod]
    public void ExplicitSeparatorWins()
    {
        using var dir = new TempDir();
        var data = dir.Load("a;b,c\n1;2,3", new CsvOptions(Separator: ','));
        CollectionAssert.AreEqual(new[] { "a;b", "c" }, data.ColumnNames.ToArray());
    }

    [TestMethod]
    public void DetectsHeaderAboveNumbers()
    {
        using var dir = new TempDir();
        var data = dir.Load("age,city\n30,Paris\n41,Rome");
        Assert.IsTrue(data.HasHeader);
        Assert.AreEqual(2, data.RowCount);
    }

    [TestMethod]
    public void NumericFirstLineIsDataNamedColumnN()
    {
        using var dir = new TempDir();
        var data = dir.Load("1,2,red\n3,4,blue");
        Assert.IsFalse(data.HasHeader);
        CollectionAssert.AreEqual(new[] { "Column0", "Column1", "Column2" }, data.ColumnNames.ToArray());
        Assert.AreEqual(2, data.RowCount);
        CollectionAssert.AreEqual(new[] { 1, 2 }, data.LineNumbers);
    }

    [TestMethod]
    public void AllTextFirstLineIsHeaderOnlyWhenItsValuesDoNotRecur()
    {
        using var dir = new TempDir();
        Assert.IsTrue(dir.Load("color,size\nred,big\nblue,small").HasHeader);
        Assert.IsFalse(dir.Load("red,big\nblue,small\nred,small").HasHeader);
    }

    [TestMethod]
    public void ExplicitHeaderOptionWins()
    {
        using var dir = new TempDir();
        var data = dir.Load("a,b\nc,d", new CsvOptions(HasHeader: false));
        Assert.AreEqual(2, data.RowCount);
        CollectionAssert.AreEqual(new[] { "Column0", "Column1" }, data.ColumnNames.ToArray());
    }

    [TestMethod]
    public void StripsBom()
    {
        using var dir = new TempDir();
        var data = CsvLoader.Load(dir.Write("bom.csv", "x,y\n1,2\n", bom: true), new CsvOptions());
        Assert.AreEqual("x", data.ColumnNames[0]);
        var headerless = CsvLoader.Load(dir.Write("bom2.csv", "5;6\n7;8\n", bom: true), new CsvOptions());
        Assert.AreEqual("5", headerless.Columns[0][0]);
    }

    [TestMethod]
    public void HashHeaderLosesTheHash()
    {
        using var dir = new TempDir();
        var data = dir.Load("#Label\tSepal length\n0\t5.1\n1\t4.9");
        Assert.IsTrue(data.HasHeader);
        CollectionAssert.AreEqual(new[] { "Label", "Sepal length" }, data.ColumnNames.ToArray());
    }

    [TestMethod]
    public void QuotedFieldsHoldSeparatorsQuotesAndNewlines()
    {
        using var dir = new TempDir();
        var data = dir.Load("n,text,z\r\n1,\"a,b\",x\r\n2,\"say \"\"hi\"\"\",y\r\n3,\"two\r\nlines\",w\r\n4,  spaced  ,v\r\n");
        CollectionAssert.AreEqual(new[] { "a,b", "say \"hi\"", "two\nlines", "spaced" }, data.Column("text").ToArray());
        CollectionAssert.AreEqual(new[] { "x", "y", "w", "v" }, data.Column("z").ToArray());
        CollectionAssert.AreEqual(new[] { 2, 3, 4, 6 }, data.LineNumbers);
    }

    [TestMethod]
    public void EmptyCellsAreMissingAndBlankLinesSkipped()
    {
        using var dir = new TempDir();
        var data = dir.Load("a,b,c\n1,,3\n\n   \n4,  ,\n\"\",NA,?\n");
        Assert.AreEqual(3, data.RowCount);
        CollectionAssert.AreEqual(new string?[] { null, null, "NA" }, data.Column("b").ToArray());
        CollectionAssert.AreEqual(new string?[] { "3", null, "?" }, data.Column("c").ToArray());
        CollectionAssert.AreEqual(new string?[] { "1", "4", null }, data.Column("a").ToArray());
        CollectionAssert.AreEqual(new[] { 2, 5, 6 }, data.LineNumbers);
    }

    [TestMethod]
    public void DuplicateHeaderNamesGetSuffixes()
    {
        using var dir = new TempDir();
        var data = dir.Load("x,x,y,x\n1,2,3,4", new CsvOptions(HasHeader: true));
        CollectionAssert.AreEqual(new[] { "x", "x_1", "y", "x_2" }, data.ColumnNames.ToArray());
    }

    [TestMethod]
    public void RepeatedValuesShareOneString()
    {
        using var dir = new TempDir();
        var data = dir.Load("k,v\nred,1\nred,2\nred,3");
        var k = data.Column("k");
        Assert.AreSame(k[1], k[2]);
    }

    [TestMethod]
    public void SingleColumnFile()
    {
        using var dir = new TempDir();
        var data = dir.Load("value\n1\n2\n3");
        CollectionAssert.AreEqual(new[] { "value" }, data.ColumnNames.ToArray());
        Assert.AreEqual(3, data.RowCount);
    }
}
