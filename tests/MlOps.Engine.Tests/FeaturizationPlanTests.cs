using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Featurization;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class FeaturizationPlanTests
{
    private static FeaturizationPlan Plan(int rows, Func<int, string?> full, Func<int, string?> gappy, Func<int, string?> smallCat, Func<int, string?> bigCat, Func<int, string?> text)
    {
        string?[] Col(Func<int, string?> f) => Enumerable.Range(0, rows).Select(f).ToArray();
        var data = new TabularData("f.csv", ',', true, ["full", "gappy", "small", "big", "text", "y"],
            [Col(full), Col(gappy), Col(smallCat), Col(bigCat), Col(text), Col(i => (i % 2).ToString())]);
        var schema = new DataSchema
        {
            Label = "y", Task = MlTask.BinaryClassification, LabelClasses = ["0", "1"],
            Columns =
            [
                new() { Name = "full", Kind = ColumnKind.Numeric }, new() { Name = "gappy", Kind = ColumnKind.Numeric },
                new() { Name = "small", Kind = ColumnKind.Categorical }, new() { Name = "big", Kind = ColumnKind.Categorical },
                new() { Name = "text", Kind = ColumnKind.Text }, new() { Name = "y", Kind = ColumnKind.Categorical },
            ],
        };
        var table = TypedTable.Build(data, schema, includeLabel: true);
        return FeaturizationPlan.Create(schema, table, table.Rows);
    }

    [TestMethod]
    public void ChoosesFeaturizerByKindCardinalityAndMissingness()
    {
        var plan = Plan(500, i => i.ToString(), i => i % 7 == 0 ? null : "1.5", i => $"c{i % 5}", i => $"id{i}", i => $"word{i % 3} other");
        CollectionAssert.AreEqual(new[] { "full", "gappy" }, plan.Numeric.ToArray());
        CollectionAssert.AreEqual(new[] { "gappy" }, plan.WithMissing.ToArray(), "indicator only for the column with missing values");
        CollectionAssert.AreEqual(new[] { "small" }, plan.OneHot.ToArray());
        Assert.AreEqual("big", plan.Hashed.Single().Column, "500 distinct values exceed the one-hot threshold");
        Assert.AreEqual(10, plan.Hashed.Single().Bits);
        CollectionAssert.AreEqual(new[] { "text" }, plan.Text.ToArray());
        var steps = plan.Describe(normalizeForLinear: true, codedOneHot: true);
        CollectionAssert.Contains(steps.ToArray(), "OneHot(small)");
        CollectionAssert.Contains(steps.ToArray(), "IndicateMissingValues(gappy)");
        Assert.AreEqual("NormalizeMinMax(Features)", steps[^1]);
    }

    [TestMethod]
    public void OneHotThresholdIsInclusive()
    {
        var plan = Plan(200, i => "1", i => "2", i => $"c{i % FeaturizationPlan.MaxOneHotCategories}", i => $"c{i % (FeaturizationPlan.MaxOneHotCategories + 1)}", i => "a b");
        CollectionAssert.AreEqual(new[] { "small" }, plan.OneHot.ToArray());
        Assert.AreEqual("big", plan.Hashed.Single().Column);
        Assert.AreEqual(0, plan.WithMissing.Count);
    }

    [TestMethod]
    public void WholeNumberColumnsWithAFewValuesMayAlsoBeOneHot()
    {
        // "full": codes 1..4 (coded); "gappy": 0..2 with gaps (coded, missing values ignored).
        var plan = Plan(300, i => (1 + i % 4).ToString(), i => i % 5 == 0 ? null : (i % 3).ToString(), i => $"c{i % 5}", i => $"id{i}", i => "a b");
        CollectionAssert.AreEqual(new[] { "full", "gappy" }, plan.Coded.ToArray());
        CollectionAssert.Contains(plan.Describe(normalizeForLinear: true, codedOneHot: true).ToArray(), "OneHot(coded: full, gappy)");
        CollectionAssert.DoesNotContain(plan.Describe(normalizeForLinear: true, codedOneHot: false).ToArray(), "OneHot(coded: full, gappy)");

        // Flags, quantities and fractions are not codes.
        Assert.IsFalse(CodedCategoryChoice.LooksCoded([0, 1, 0, 1], [0, 1, 2, 3]), "two values are a flag");
        Assert.IsFalse(CodedCategoryChoice.LooksCoded(Enumerable.Range(0, 11).Select(i => (float)i).ToArray(), Enumerable.Range(0, 11).ToArray()), "11 values");
        Assert.IsTrue(CodedCategoryChoice.LooksCoded(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), Enumerable.Range(0, 10).ToArray()), "10 values");
        Assert.IsFalse(CodedCategoryChoice.LooksCoded([1, 2, 3.5f], [0, 1, 2]), "a fraction");
        Assert.IsTrue(CodedCategoryChoice.LooksCoded([1, 2, float.NaN, 3, 9.5f], [0, 1, 2, 3]), "only the given rows count; NaN is missing");
    }

    [TestMethod]
    public void HashBitsGrowWithCardinalityWithinBounds()
    {
        Assert.AreEqual(8, FeaturizationPlan.HashBits(65));
        Assert.AreEqual(11, FeaturizationPlan.HashBits(1000));
        Assert.AreEqual(16, FeaturizationPlan.HashBits(10_000_000));
    }
}
