using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Tool.CodeGen;

namespace MlOps.Tool.Tests;

[TestClass]
public sealed class CSharpNamesTests
{
    [TestMethod]
    [DataRow("tenure", "Tenure")]
    [DataRow("monthly charges", "MonthlyCharges")]
    [DataRow("customer_id", "CustomerId")]
    [DataRow("Sepal.Length (cm)", "SepalLengthCm")]
    [DataRow("  padded  ", "Padded")]
    [DataRow("HTTPStatus", "HTTPStatus")]
    [DataRow("2nd value", "_2ndValue")]
    [DataRow("42", "_42")]
    [DataRow("class", "Class")]
    [DataRow("int", "Int")]
    [DataRow("Größe", "Größe")]
    [DataRow("prix €/m²", "PrixM")] // ² is no decimal digit
    [DataRow("価格", "価格")]
    [DataRow("naïve", "Naïve")]
    [DataRow("e\u0301t\u00e9", "Été")] // decomposed é is composed first
    [DataRow("a\u200Bb", "AB")] // a zero-width space is a word break
    [DataRow("x😀y", "XY")] // outside the BMP: a break
    public void DerivesPascalCaseIdentifiers(string column, string expected)
    {
        var name = CSharpNames.ToPascalCase(column);
        Assert.AreEqual(expected, name);
        Assert.IsTrue(CSharpNames.IsValidIdentifier(name!), name);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("%%%")]
    [DataRow("_ _")]
    [DataRow("😀")]
    public void NameWithoutLettersOrDigitsHasNoIdentifier(string column) =>
        Assert.IsNull(CSharpNames.ToPascalCase(column));

    [TestMethod]
    public void KeywordsAndInvalidNamesAreRecognised()
    {
        Assert.IsTrue(CSharpNames.IsKeyword("class"));
        Assert.IsFalse(CSharpNames.IsKeyword("record"), "contextual keywords are identifiers");
        Assert.IsFalse(CSharpNames.IsValidIdentifier("class"));
        Assert.IsFalse(CSharpNames.IsValidIdentifier("2x"));
        Assert.IsFalse(CSharpNames.IsValidIdentifier("a-b"));
        Assert.IsFalse(CSharpNames.IsValidIdentifier(""));
        Assert.IsTrue(CSharpNames.IsValidIdentifier("_x1"));
        Assert.IsTrue(CSharpNames.IsValidIdentifier("Größe"));
    }

    [TestMethod]
    public void CollisionsGetSuffixesInColumnOrder()
    {
        var names = CSharpNames.UniqueNames(["a b", "a_b", "A-B", "ab", "%", "Column5"], ["Ab_2"]);
        CollectionAssert.AreEqual(new[] { "AB", "AB_2", "AB_3", "Ab", "Column5", "Column5_2" }, names.ToArray());
    }

    [TestMethod]
    public void ReservedNamesAreNeverUsed()
    {
        var names = CSharpNames.UniqueNames(["ChurnInput", "ToString", "equals", "GetHashCode"], ["ChurnInput", .. CSharpNames.ObjectMembers]);
        CollectionAssert.AreEqual(new[] { "ChurnInput_2", "ToString_2", "Equals_2", "GetHashCode_2" }, names.ToArray());
    }

    [TestMethod]
    public void NamesAreStableWhenColumnsAreAddedAtTheEnd()
    {
        string[] before = ["x y", "x-y", "z"];
        var first = CSharpNames.UniqueNames(before, []);
        var later = CSharpNames.UniqueNames([.. before, "XY", "x_y_2", "Z"], []);
        CollectionAssert.AreEqual(first.ToArray(), later.Take(3).ToArray());
        Assert.AreEqual(later.Count, later.Distinct().Count(), string.Join(", ", later));
        CollectionAssert.AreEqual(first.ToArray(), CSharpNames.UniqueNames(before, []).ToArray(), "same input, same names");
    }

    [TestMethod]
    [DataRow("Contoso.Churn.Model", "Contoso.Churn.Model")]
    [DataRow("My-Models.2024", "My_Models._2024")]
    [DataRow("Acme.class", "Acme.@class")]
    [DataRow("", "MlOps")]
    public void NamespacesKeepTheirSegments(string input, string expected) =>
        Assert.AreEqual(expected, CSharpNames.ToNamespace(input));

    [TestMethod]
    public void LiteralsEscapeWhatWouldBreakTheSource()
    {
        Assert.AreEqual("\"a\\\"b\\\\c\"", CSharpText.Literal("a\"b\\c"));
        Assert.AreEqual("\"x\\ny\\u2028z\\u0000\"", CSharpText.Literal("x\ny\u2028z\0"));
        Assert.AreEqual("\"\\ud83d\\ude00 Größe\"", CSharpText.Literal("😀 Größe"));
        Assert.AreEqual("a &lt;b&gt; &amp; c\\u000a", CSharpText.Xml("a <b> & c\n"));
    }

    [TestMethod]
    public void PropertiesCoverTheFeaturesOnly()
    {
        var schema = new DataSchema
        {
            Label = "Churned",
            Task = MlTask.BinaryClassification,
            LabelClasses = ["no", "yes"],
            Columns =
            [
                new ColumnSchema { Name = "CustomerId", Kind = ColumnKind.Ignored },
                new ColumnSchema { Name = "tenure", Kind = ColumnKind.Numeric },
                new ColumnSchema { Name = "Churned", Kind = ColumnKind.Boolean },
                new ColumnSchema { Name = "ChurnInput", Kind = ColumnKind.Categorical },
            ],
        };
        var properties = ApiGenerator.Properties(schema, "Churn");
        CollectionAssert.AreEqual(new[] { "Tenure", "ChurnInput_2" }, properties.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "tenure", "ChurnInput" }, properties.Select(p => p.Column.Name).ToArray());
    }

    [TestMethod]
    public void AnApiNameThatIsNoIdentifierIsAConfigurationError()
    {
        var schema = new DataSchema { Label = "y", Task = MlTask.Regression, Columns = [new ColumnSchema { Name = "x", Kind = ColumnKind.Numeric }] };
        foreach (var name in new[] { "my-model", "class", "1st", "" })
        {
            var error = Assert.ThrowsExactly<MlOpsException>(() => ApiGenerator.Properties(schema, name));
            Assert.AreEqual(ErrorCodes.InvalidApiName, error.Code);
            StringAssert.Contains(error.Message, "MlOpsApiName");
        }
    }

    [TestMethod]
    public void ATypeNamedLikeItsNamespaceIsReported()
    {
        Assert.AreEqual("TaxiModel", ApiGenerator.NamespaceClash(new ApiSettings("TaxiModel", "Taxi", "r")));
        Assert.AreEqual("ChurnInput", ApiGenerator.NamespaceClash(new ApiSettings("Contoso.ChurnInput.App", "Churn", "r")));
        Assert.IsNull(ApiGenerator.NamespaceClash(new ApiSettings("Contoso.Churn.Model", "Churn", "r")));
    }
}
