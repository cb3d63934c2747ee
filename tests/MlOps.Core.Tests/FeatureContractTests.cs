using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Features;
using MlOps.Core.Schema;

namespace MlOps.Core.Tests;

/// <summary>The feature contract's rules, kind by kind: text cells, JSON values and typed values to model inputs.</summary>
[TestClass]
public sealed class FeatureContractTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static void IsNumber(float expected, FeatureValue value)
    {
        Assert.AreEqual(FeatureValueState.Present, value.State, value.Problem);
        Assert.AreEqual(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(value.Number), $"{expected} vs {value.Number}");
        Assert.IsNull(value.Text);
        Assert.IsNull(value.Problem);
    }

    private static void IsMissing(FeatureValue value)
    {
        Assert.AreEqual(FeatureValueState.Missing, value.State, value.Problem);
        Assert.IsTrue(float.IsNaN(value.Number));
        Assert.IsNull(value.Text);
        Assert.IsNull(value.Problem);
    }

    /// <summary>Refused by serving with this message; trained on as missing.</summary>
    private static void IsInvalid(string problem, FeatureValue value)
    {
        Assert.AreEqual(FeatureValueState.Invalid, value.State);
        Assert.AreEqual(problem, value.Problem);
        Assert.IsTrue(float.IsNaN(value.Number));
        Assert.IsNull(value.Text);
    }

    [TestMethod]
    public void InputTypes()
    {
        Assert.AreEqual(ModelInputType.Single, FeatureRule.For(ColumnKind.Numeric).InputType);
        Assert.AreEqual(ModelInputType.Single, FeatureRule.For(ColumnKind.Boolean).InputType);
        Assert.AreEqual(ModelInputType.Text, FeatureRule.For(ColumnKind.Categorical).InputType);
        Assert.AreEqual(ModelInputType.Text, FeatureRule.For(ColumnKind.Text).InputType);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FeatureRule.For(ColumnKind.Ignored));
    }

    [TestMethod]
    [DataRow("1.5", 1.5f)]
    [DataRow(" 2 ", 2f)]
    [DataRow("1e3", 1000f)]
    [DataRow("-0.25", -0.25f)]
    [DataRow("0.1", 0.1f)]
    public void NumericCells(string cell, float expected) => IsNumber(expected, FeatureRule.Numeric.FromText(cell));

    [TestMethod]
    public void NumericCellsThatAreNoNumber()
    {
        IsMissing(FeatureRule.Numeric.FromText(null));
        IsMissing(FeatureRule.Numeric.FromText(""));
        IsInvalid("'abc' is not a number.", FeatureRule.Numeric.FromText("abc"));
        IsInvalid("'1,5' is not a number.", FeatureRule.Numeric.FromText("1,5"));
        IsInvalid("'NaN' is not a number.", FeatureRule.Numeric.FromText("NaN"));
        // Finite as a double, infinite as the model's Single: training used to feed infinity.
        IsInvalid("'1e39' is out of the range of a 32-bit float.", FeatureRule.Numeric.FromText("1e39"));
    }

    [TestMethod]
    public void NumericJson()
    {
        IsNumber(1.5f, FeatureRule.Numeric.FromJson(Json("1.5")));
        IsNumber(0.1f, FeatureRule.Numeric.FromJson(Json("0.1")));
        IsMissing(FeatureRule.Numeric.FromJson(Json("null")));
        IsInvalid("Expected a number, got a string.", FeatureRule.Numeric.FromJson(Json("\"1.5\"")));
        IsInvalid("Expected a number, got a boolean.", FeatureRule.Numeric.FromJson(Json("true")));
        IsInvalid("1e39 is out of the range of a 32-bit float.", FeatureRule.Numeric.FromJson(Json("1e39")));
        IsInvalid("1e400 is out of the range of a 32-bit float.", FeatureRule.Numeric.FromJson(Json("1e400")));
    }

    [TestMethod]
    public void NumericTyped()
    {
        IsNumber(2.5f, FeatureRule.Numeric.FromTyped(2.5f));
        IsMissing(FeatureRule.Numeric.FromTyped(null));
        IsMissing(FeatureRule.Numeric.FromTyped(float.NaN));
        IsMissing(FeatureRule.Numeric.FromTyped(float.PositiveInfinity));
        Assert.AreEqual("float?", FeatureRule.Numeric.Typed.PropertyType);
    }

    /// <summary>The one Boolean rule: true/false in any case, or a number that is exactly 1 or 0.</summary>
    [TestMethod]
    [DataRow("true", 1f)]
    [DataRow("TRUE", 1f)]
    [DataRow(" False ", 0f)]
    [DataRow("1", 1f)]
    [DataRow("1.0", 1f)]
    [DataRow("0.0", 0f)]
    [DataRow("0e0", 0f)]
    [DataRow("-0", 0f)]
    [DataRow("1e0", 1f)]
    public void BooleanCells(string cell, float expected) => IsNumber(expected, FeatureRule.Boolean.FromText(cell));

    [TestMethod]
    [DataRow("yes")]
    [DataRow("2")]
    [DataRow("0.5")]
    [DataRow("t")]
    public void BooleanCellsThatAreNoBoolean(string cell) =>
        IsInvalid($"'{cell}' is not a boolean (true or false, or 1 or 0).", FeatureRule.Boolean.FromText(cell));

    [TestMethod]
    public void BooleanJson()
    {
        IsNumber(1f, FeatureRule.Boolean.FromJson(Json("true")));
        IsNumber(0f, FeatureRule.Boolean.FromJson(Json("false")));
        IsNumber(1f, FeatureRule.Boolean.FromJson(Json("1.0")));
        IsNumber(0f, FeatureRule.Boolean.FromJson(Json("0")));
        IsMissing(FeatureRule.Boolean.FromJson(Json("null")));
        IsInvalid("3 is not a boolean (true or false, or 1 or 0).", FeatureRule.Boolean.FromJson(Json("3")));
        IsInvalid("Expected a boolean (true or false, or 1 or 0), got a string.", FeatureRule.Boolean.FromJson(Json("\"true\"")));
    }

    [TestMethod]
    public void BooleanTyped()
    {
        IsNumber(1f, FeatureRule.Boolean.FromTyped(true));
        IsNumber(0f, FeatureRule.Boolean.FromTyped(false));
        IsMissing(FeatureRule.Boolean.FromTyped(null));
        Assert.AreEqual("bool?", FeatureRule.Boolean.Typed.PropertyType);
    }

    /// <summary>Parsing a cell of a known boolean column is not inferring a column's kind: 0/1 columns still infer as numeric.</summary>
    [TestMethod]
    public void ZeroOneColumnsStillInferAsNumeric()
    {
        var data = new TabularData("d.csv", ',', true, ["flag", "y"], [["0", "1", "1", "0"], ["a", "b", "a", "b"]]);
        var schema = ColumnInference.Infer(data, new InferenceOptions { Label = "y" });
        Assert.AreEqual(ColumnKind.Numeric, schema.Find("flag")!.Kind);
    }

    [TestMethod]
    public void CategoricalValues()
    {
        var rule = FeatureRule.Categorical;
        Assert.AreEqual(("a", FeatureValueState.Present), (rule.FromText("a").Text, rule.FromText("a").State));
        Assert.AreEqual(" a ", rule.FromText(" a ").Text, "a quoted cell keeps its blanks");
        IsMissing(rule.FromText(null));
        IsMissing(rule.FromText(""));
        Assert.AreEqual("3", rule.FromJson(Json("3")).Text, "a numeric code is the category of its text");
        Assert.AreEqual("3.0", rule.FromJson(Json("3.0")).Text);
        Assert.AreEqual("true", rule.FromJson(Json("true")).Text);
        IsMissing(rule.FromJson(Json("\"\"")));
        IsMissing(rule.FromJson(Json("null")));
        IsInvalid("Expected a category (string), got an array.", rule.FromJson(Json("[1]")));
        Assert.AreEqual("b", rule.FromTyped("b").Text);
        IsMissing(rule.FromTyped(""));
        IsMissing(rule.FromTyped(null));
    }

    [TestMethod]
    public void TextValues()
    {
        var rule = FeatureRule.Text;
        Assert.AreEqual("two words", rule.FromText("two words").Text);
        Assert.AreEqual("x", rule.FromJson(Json("\"x\"")).Text);
        IsMissing(rule.FromJson(Json("\"\"")));
        IsInvalid("Expected a string, got a number.", rule.FromJson(Json("3")));
        IsMissing(rule.FromTyped(null));
    }

    /// <summary>Unknown = a categorical value the training data never had; the model input is still its text.</summary>
    [TestMethod]
    public void UnknownCategories()
    {
        var column = new FeatureColumn(Column("color", ColumnKind.Categorical, "red", "green"));
        Assert.AreEqual(FeatureValueState.Present, column.FromText("red").State);
        var unknown = column.FromText("teal");
        Assert.AreEqual(FeatureValueState.UnknownCategory, unknown.State);
        Assert.AreEqual("teal", unknown.Text);
        Assert.AreEqual("Unknown category 'teal': the model was trained on 'red', 'green'.", unknown.Problem);
        Assert.AreEqual(FeatureValueState.UnknownCategory, column.FromText("Red").State, "categories compare ordinally");
        Assert.AreEqual(FeatureValueState.UnknownCategory, column.FromJson(Json("3")).State);
        IsMissing(column.FromText(null));
        Assert.IsTrue(column.IsUnknownCategory("blue"));

        var many = new FeatureColumn(Column("n", ColumnKind.Categorical, [.. Enumerable.Range(0, 12).Select(i => $"c{i}")]));
        StringAssert.EndsWith(many.FromText("x").Problem, "'c8', 'c9', ... (12 in all).");

        var open = new FeatureColumn(Column("free", ColumnKind.Categorical));
        Assert.AreEqual(FeatureValueState.Present, open.FromText("anything").State, "no category list: any value goes");
        var text = new FeatureColumn(Column("t", ColumnKind.Text, "seen"));
        Assert.IsFalse(text.IsUnknownCategory("unseen"), "only categoricals have unknown values");
    }

    /// <summary>Out of range = more than one training range width beyond the minimum or maximum; the model still gets the number.</summary>
    [TestMethod]
    public void OutOfRangeNumbers()
    {
        var column = new FeatureColumn(new ColumnSchema { Name = "x", Kind = ColumnKind.Numeric, Min = 10, Max = 20 });
        Assert.AreEqual((0.0, 30.0), column.TrainingBounds);
        foreach (var inside in new[] { "0", "30", "15", "-0" })
            Assert.AreEqual(FeatureValueState.Present, column.FromText(inside).State, inside);
        var far = column.FromJson(Json("-1e38"));
        Assert.AreEqual(FeatureValueState.OutOfRange, far.State);
        Assert.AreEqual(-1e38f, far.Number, "scored as sent");
        Assert.AreEqual("-1E+38 is far outside the training range 10 to 20.", far.Problem);
        Assert.AreEqual(FeatureValueState.OutOfRange, column.FromText("30.5").State);
        Assert.AreEqual(FeatureValueState.Invalid, column.FromText("1e39").State, "beyond a float is still invalid");
        IsMissing(column.FromText(""));

        var constant = new FeatureColumn(new ColumnSchema { Name = "c", Kind = ColumnKind.Numeric, Min = 0, Max = 0 });
        Assert.AreEqual((-1.0, 1.0), constant.TrainingBounds, "a constant column's width is its magnitude, at least 1");
        Assert.IsFalse(new FeatureColumn(new ColumnSchema { Name = "n", Kind = ColumnKind.Numeric }).IsOutOfRange(1e30), "no range, no bounds");
        var flag = new FeatureColumn(new ColumnSchema { Name = "b", Kind = ColumnKind.Boolean, Min = 0, Max = 0 });
        Assert.IsNull(flag.TrainingBounds, "only numerics have a range");
    }

    [TestMethod]
    public void TypedFormsPrintTheirConversion()
    {
        Assert.AreEqual("input.X.HasValue ? (input.X.Value ? 1f : 0f) : float.NaN", FeatureRule.Boolean.Typed.Conversion("input.X"));
        Assert.AreEqual(("string?", "string", "\"\""), (FeatureRule.Text.Typed.PropertyType, FeatureRule.Text.Typed.FieldType, FeatureRule.Text.Typed.FieldInitializer));
        Assert.AreEqual(FeatureRule.Text.Typed, FeatureRule.Categorical.Typed, "categories and text are the same string? property");
    }

    private static ColumnSchema Column(string name, ColumnKind kind, params string[] categories) => new()
    {
        Name = name,
        Kind = kind,
        Categories = categories.Length == 0 ? null : [.. categories.Select(c => new CategoryCount(c, 1))],
    };
}
