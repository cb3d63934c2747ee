using MlOps.Core.Schema;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class SchemaJsonTests
{
    private static DataSchema Sample() => new()
    {
        Label = "y",
        Task = MlTask.MulticlassClassification,
        LabelClasses = ["a", "b", "c"],
        RowCount = 10,
        MissingLabelRows = 1,
        Columns =
        [
            new ColumnSchema { Name = "x", Kind = ColumnKind.Numeric, Reason = "numeric", MissingRate = 0.1, DistinctCount = 9, Min = -1, Max = 2.5, Mean = 0.75 },
            new ColumnSchema { Name = "y", Kind = ColumnKind.Categorical, Reason = "label", DistinctCount = 3,
                Categories = [new CategoryCount("a", 5), new CategoryCount("b", 3), new CategoryCount("c", 1)] },
        ],
    };

    [TestMethod]
    public void UsesCamelCaseStringEnumsAndOmitsNulls()
    {
        var json = SchemaJson.Serialize(Sample());
        Assert.Contains("\"task\": \"MulticlassClassification\"", json);
        Assert.Contains("\"kind\": \"Numeric\"", json);
        Assert.Contains("\"missingLabelRows\": 1", json);
        Assert.Contains("\n  \"", json, "indented");
        Assert.DoesNotContain("\"categories\": null", json);
        Assert.DoesNotContain("features", json);
    }

    [TestMethod]
    public void RoundTrips()
    {
        var json = SchemaJson.Serialize(Sample());
        var back = SchemaJson.Deserialize(json);
        Assert.AreEqual(json, SchemaJson.Serialize(back));
        Assert.AreEqual(MlTask.MulticlassClassification, back.Task);
        Assert.AreEqual(new CategoryCount("b", 3), back.Find("y")!.Categories![1]);
        Assert.AreEqual(2.5, back.Find("x")!.Max);
        Assert.IsNull(back.Find("x")!.Categories);
    }
}
