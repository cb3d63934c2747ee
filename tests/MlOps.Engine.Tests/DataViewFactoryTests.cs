using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Data;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class DataViewFactoryTests
{
    private static (TabularData, DataSchema) Small(MlTask task, string?[] labels) =>
        (new TabularData("s.csv", ',', true, ["num", "flag", "cat", "skip", "y"],
            [["1.5", null, "2", "3"], ["true", "false", null, "TRUE"], ["a", null, "b", "a"], ["x", "y", "z", "w"], labels]),
         new DataSchema
         {
             Label = "y", Task = task,
             LabelClasses = task == MlTask.Regression ? null : labels.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
             Columns =
             [
                 new() { Name = "num", Kind = ColumnKind.Numeric }, new() { Name = "flag", Kind = ColumnKind.Boolean },
                 new() { Name = "cat", Kind = ColumnKind.Categorical }, new() { Name = "skip", Kind = ColumnKind.Ignored },
                 new() { Name = "y", Kind = ColumnKind.Categorical },
             ],
         });

    [TestMethod]
    public void TypesColumnsLeavesOutIgnoredAndDropsMissingLabels()
    {
        var (data, schema) = Small(MlTask.BinaryClassification, ["0", "1", null, "1"]);
        var view = DataViewFactory.Create(data, schema);
        CollectionAssert.AreEqual(new[] { "num", "flag", "cat", "y" }, view.Schema.Select(c => c.Name).ToArray());
        Assert.AreEqual(NumberDataViewType.Single, view.Schema["num"].Type);
        Assert.AreEqual(NumberDataViewType.Single, view.Schema["flag"].Type);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema["cat"].Type);
        Assert.AreEqual(BooleanDataViewType.Instance, view.Schema["y"].Type);
        Assert.AreEqual(3L, view.GetRowCount());
        CollectionAssert.AreEqual(new[] { 1.5f, float.NaN, 3f }, view.GetColumn<float>("num").ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 0f, 1f }, view.GetColumn<float>("flag").ToArray());
        CollectionAssert.AreEqual(new[] { "a", "", "a" }, view.GetColumn<ReadOnlyMemory<char>>("cat").Select(m => m.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { false, true, true }, view.GetColumn<bool>("y").ToArray(), "positive = LabelClasses[1]");
    }

    /// <summary>The feature contract's Boolean rule, as serving reads the same cells: true/false, or a number exactly 1 or 0; else missing.</summary>
    [TestMethod]
    public void BooleanCellsAreTrueFalseOrANumberThatIsExactlyOneOrZero()
    {
        var (_, schema) = Small(MlTask.BinaryClassification, ["0", "1", "0", "1"]);
        var data = new TabularData("b.csv", ',', true, ["num", "flag", "cat", "skip", "y"],
            [["1", "1", "1", "1", "1", "1"], ["1.0", "0e0", "-0", "2", "yes", null], ["a", "a", "a", "a", "a", "a"], ["x", "x", "x", "x", "x", "x"], ["0", "1", "0", "1", "0", "1"]]);
        var flags = DataViewFactory.Create(data, schema).GetColumn<float>("flag").ToArray();
        CollectionAssert.AreEqual(new[] { 1f, 0f, 0f, float.NaN, float.NaN, float.NaN }, flags);
        Assert.AreEqual(0, BitConverter.SingleToInt32Bits(flags[2]), "\"-0\" is 0, not -0");
    }

    [TestMethod]
    public void MulticlassLabelIsAKeyOverTheClasses()
    {
        var (data, schema) = Small(MlTask.MulticlassClassification, ["b", "a", "c", "b"]);
        var view = DataViewFactory.Create(data, schema);
        var type = (KeyDataViewType)view.Schema["y"].Type;
        Assert.AreEqual(3UL, type.Count);
        CollectionAssert.AreEqual(new uint[] { 2, 1, 3, 2 }, view.GetColumn<uint>("y").ToArray());
        VBuffer<ReadOnlyMemory<char>> names = default;
        view.Schema["y"].GetKeyValues(ref names);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, names.DenseValues().Select(m => m.ToString()).ToArray());
    }

    [TestMethod]
    public void WithoutLabelKeepsAllRows()
    {
        var (data, schema) = Small(MlTask.BinaryClassification, ["0", "1", null, "1"]);
        var view = DataViewFactory.Create(data, schema, includeLabel: false);
        Assert.AreEqual(4L, view.GetRowCount());
        Assert.IsNull(view.Schema.GetColumnOrNull("y"));
    }

    [TestMethod]
    public void MissingColumnNamesItAndTheFile()
    {
        var (_, schema) = Small(MlTask.BinaryClassification, ["0", "1", "0", "1"]);
        var other = new TabularData("test.csv", ',', true, ["num", "flag", "y"], [["1"], ["true"], ["0"]]);
        var e = Assert.ThrowsExactly<MlOpsException>(() => DataViewFactory.Create(other, schema));
        Assert.AreEqual(ErrorCodes.TestDataColumnMissing, e.Code);
        StringAssert.Contains(e.Message, "'cat'");
        Assert.AreEqual("test.csv", e.File);
    }
}
