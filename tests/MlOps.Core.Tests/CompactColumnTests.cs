using System.Text;
using MlOps.Core.Data;
using MlOps.Core.Features;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests;

/// <summary>Compact storage (codes, float32, strings) gives back every cell's exact text, and numbers by the feature contract.</summary>
[TestClass]
public sealed class CompactColumnTests
{
    private static IEnumerable<object[]> SharedFiles =>
        SharedDataset.All.SelectMany(d => new[] { d.TrainFile, d.TestFile }).Select(f => new object[] { f });

    /// <summary>Every cell of every shared file, as the reader sees it, reads back from the loaded table unchanged.</summary>
    [TestMethod]
    [DynamicData(nameof(SharedFiles))]
    public void EveryCellOfTheSharedFilesReadsBackExactly(string file)
    {
        var data = SharedDataset.LoadFile(file);
        var expected = ReadAsStrings(SharedDataset.File(file), data);
        Assert.AreEqual(expected.Count, data.RowCount);
        for (var r = 0; r < expected.Count; r++)
            for (var c = 0; c < data.Columns.Length; c++)
                if (!string.Equals(expected[r][c], data.Columns[c][r], StringComparison.Ordinal))
                    Assert.Fail($"{file} row {r} column {data.ColumnNames[c]}: '{expected[r][c]}' read back as '{data.Columns[c][r]}' ({data.Columns[c].GetType().Name}).");
    }

    /// <summary>
    /// The numbers a column hands to training are the feature contract's for each of its cells, and its cells read back
    /// exactly, whichever form stores it: as loaded, and past the category form (numbers as floats, text as strings).
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(SharedFiles))]
    public void NumbersAgreeWithTheNumericRuleOnEveryCell(string file)
    {
        var data = SharedDataset.LoadFile(file);
        foreach (var loaded in data.Columns)
        {
            var column = DataColumn.From(loaded, maxCategories: 0);
            CollectionAssert.AreEqual(loaded.ToArray(), column.ToArray(), column.GetType().Name);
            NumbersAgree(file, loaded);
            NumbersAgree(file, column);
        }
    }

    private static void NumbersAgree(string file, DataColumn column)
    {
        var numbers = column.Numbers();
        for (var r = 0; r < column.Count; r++)
        {
            var expected = FeatureRule.Numeric.FromText(column[r]).Number;
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(numbers[r]) && !(float.IsNaN(expected) && float.IsNaN(numbers[r])))
                Assert.Fail($"{file} row {r}: '{column[r]}' is {expected} by the rule but {numbers[r]} from {column.GetType().Name}.");
        }
    }

    [TestMethod]
    public void ManyDistinctNumbersAreFloatsWithTheirOddCellsKept()
    {
        string?[] cells = [.. Enumerable.Range(0, 10_000).Select(i => (i * 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture)), "17.50", null, "1e3", "n/a", "-0", "0", "1e40", "+5", "5."];
        var column = DataColumn.From(cells);
        Assert.AreEqual("NumberColumn", column.GetType().Name);
        CollectionAssert.AreEqual(cells, column.ToArray());
        var numbers = column.Numbers();
        Assert.AreEqual(17.5f, numbers[10_000]);
        Assert.IsTrue(float.IsNaN(numbers[10_001]) && float.IsNaN(numbers[10_003]) && float.IsNaN(numbers[10_006]), "missing, not a number, beyond float");
        Assert.AreEqual(1000f, numbers[10_002]);
        var counts = column.CountValues(out var missing);
        Assert.AreEqual(1, missing);
        Assert.AreEqual((1, 2), (counts["-0"], counts["0"]), "-0 and 0 are different texts (0 is also row 0)");
    }

    [TestMethod]
    public void FewDistinctValuesAreCodesAndManyTextsAreStrings()
    {
        string?[] few = [.. Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? null : $"v{i % 7}")];
        var categories = DataColumn.From(few);
        Assert.AreEqual("CategoryColumn", categories.GetType().Name);
        CollectionAssert.AreEqual(few, categories.ToArray());
        Assert.AreSame(categories[1], categories[8], "one string per distinct value");
        var counts = categories.CountValues(out var missing);
        Assert.AreEqual(few.Count(c => c is null), missing);
        Assert.AreEqual(few.Count(c => c == "v1"), counts["v1"]);

        string?[] texts = [.. Enumerable.Range(0, 6000).Select(i => $"text {i}.0")];
        var strings = DataColumn.From(texts);
        Assert.AreEqual("StringColumn", strings.GetType().Name);
        CollectionAssert.AreEqual(texts, strings.ToArray());
    }

    [TestMethod]
    public void NumbersWrittenWithFixedDecimalsStayFloats()
    {
        string?[] cells = [.. Enumerable.Range(0, 10_000).Select(i => i % 3 == 0 ? $"{i}.50" : i % 3 == 1 ? $"{i}.0" : FormattableString.Invariant($"{i / 8.0:0.###}")), "1000000000", "0.10", null];
        var column = DataColumn.From(cells);
        Assert.AreEqual("NumberColumn", column.GetType().Name);
        CollectionAssert.AreEqual(cells, column.ToArray());
        var counts = column.CountValues(out _);
        Assert.AreEqual((1, 1), (counts["3.50"], counts["1.0"]));
    }

    [TestMethod]
    public void NumbersWithTooManyOddCellsBecomeStrings()
    {
        string?[] cells = [.. Enumerable.Range(0, 10_000).Select(i => $"{i}e1")];
        var column = DataColumn.From(cells);
        Assert.AreEqual("StringColumn", column.GetType().Name);
        CollectionAssert.AreEqual(cells, column.ToArray());
    }

    /// <summary>
    /// The reference, independent of the loader: each non-blank line split at the separator, fields trimmed, empty =
    /// missing (the shared files quote no field: wikidetox's quotes are text in TSV), header skipped.
    /// </summary>
    private static List<string?[]> ReadAsStrings(string path, TabularData data)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var rows = new List<string?[]>();
        while (reader.ReadLine() is { } line)
            if (!string.IsNullOrWhiteSpace(line))
                rows.Add([.. line.Split(data.Separator).Select(f => f.Trim() is { Length: > 0 } t ? t : null)]);
        return data.HasHeader ? rows[1..] : rows;
    }
}
