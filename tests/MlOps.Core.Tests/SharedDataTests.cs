using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests;

/// <summary>The benchmark files in ../shared/data next to the repository, loaded with detection only.</summary>
[TestClass]
public sealed class SharedDataTests
{
    private static (TabularData Data, DataSchema Schema) Load(string name, string label)
    {
        var data = SharedDataset.LoadFile(name);
        return (data, ColumnInference.Infer(data, new InferenceOptions { Label = label }));
    }

    [TestMethod]
    public void Heart()
    {
        var (data, schema) = Load("heart-train.csv", "Column13");
        Assert.AreEqual(';', data.Separator);
        Assert.IsFalse(data.HasHeader);
        CollectionAssert.AreEqual(Enumerable.Range(0, 14).Select(i => $"Column{i}").ToArray(), data.ColumnNames.ToArray());
        Assert.AreEqual(242, data.RowCount);
        Assert.AreEqual("64.0", data.Columns[0][0], "the BOM is stripped");
        Assert.AreEqual(MlTask.BinaryClassification, schema.Task);
        CollectionAssert.AreEqual(new[] { "0", "1" }, schema.LabelClasses!.ToArray());
        Assert.AreEqual(13, schema.Features.Count());
    }

    [TestMethod]
    public void Iris()
    {
        var (data, schema) = Load("iris-train.txt", "Label");
        Assert.AreEqual('\t', data.Separator);
        CollectionAssert.AreEqual(new[] { "Label", "Sepal length", "Sepal width", "Petal length", "Petal width" }, data.ColumnNames.ToArray());
        Assert.AreEqual(120, data.RowCount);
        Assert.AreEqual(MlTask.MulticlassClassification, schema.Task);
        CollectionAssert.AreEqual(new[] { "0", "1", "2" }, schema.LabelClasses!.ToArray());
        Assert.IsTrue(schema.Features.All(c => c.Kind == ColumnKind.Numeric));
    }

    [TestMethod]
    public void TaxiFare()
    {
        var (data, schema) = Load("taxi-fare-train.csv", "fare_amount");
        CollectionAssert.AreEqual(
            new[] { "vendor_id", "rate_code", "passenger_count", "trip_time_in_secs", "trip_distance", "payment_type", "fare_amount" },
            data.ColumnNames.ToArray());
        Assert.AreEqual(100_000, data.RowCount);
        Assert.AreEqual(MlTask.Regression, schema.Task);
        Assert.AreEqual(ColumnKind.Categorical, schema.Find("vendor_id")!.Kind);
        Assert.AreEqual(ColumnKind.Categorical, schema.Find("payment_type")!.Kind);
        Assert.AreEqual(ColumnKind.Numeric, schema.Find("trip_distance")!.Kind);
    }

    [TestMethod]
    public void Wikidetox()
    {
        var (data, schema) = Load("wikidetox-train.tsv", "Sentiment");
        Assert.AreEqual('\t', data.Separator);
        Assert.AreEqual(214, data.RowCount);
        Assert.AreEqual(MlTask.BinaryClassification, schema.Task);
        Assert.AreEqual(ColumnKind.Text, schema.Find("SentimentText")!.Kind);
    }

    [TestMethod]
    public void OptDigits()
    {
        var (data, schema) = Load("optdigits-train.csv", "Column64");
        Assert.AreEqual(65, data.ColumnNames.Count);
        Assert.AreEqual(3823, data.RowCount);
        Assert.AreEqual(MlTask.MulticlassClassification, schema.Task);
        Assert.AreEqual(10, schema.LabelClasses!.Count);
    }
}
