using MlOps.Core.Data;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class ValueParsingTests
{
    [TestMethod]
    [DataRow("42", 42d)]
    [DataRow("-3.5", -3.5)]
    [DataRow("+0.25", 0.25)]
    [DataRow("1e3", 1000d)]
    [DataRow("2.5E-2", 0.025)]
    [DataRow(".5", 0.5)]
    public void ParsesInvariantNumbers(string text, double expected)
    {
        Assert.IsTrue(ValueParsing.TryParseNumber(text, out var value));
        Assert.AreEqual(expected, value, 1e-12);
    }

    [TestMethod]
    [DataRow("1,000")]
    [DataRow("3,5")]
    [DataRow("abc")]
    [DataRow("")]
    [DataRow("NaN")]
    [DataRow("Infinity")]
    [DataRow("1e400")]
    [DataRow("0x10")]
    public void RejectsNonNumbers(string text) => Assert.IsFalse(ValueParsing.TryParseNumber(text, out _));

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("TRUE", true)]
    [DataRow("False", false)]
    public void ParsesBooleans(string text, bool expected)
    {
        Assert.IsTrue(ValueParsing.TryParseBoolean(text, out var value));
        Assert.AreEqual(expected, value);
    }

    [TestMethod]
    [DataRow("yes")]
    [DataRow("1")]
    [DataRow("")]
    public void RejectsNonBooleans(string text) => Assert.IsFalse(ValueParsing.TryParseBoolean(text, out _));
}
