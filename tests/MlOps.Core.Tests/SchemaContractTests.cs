using System.Text;
using MlOps.Core.Contract;
using MlOps.Core.Data;
using MlOps.Core.Schema;

namespace MlOps.Core.Tests;

[TestClass]
public sealed class SchemaContractTests
{
    private const string Header = "size,city,garage,price";
    private static readonly ContractTolerances Defaults = new();

    /// <summary>200 rows: size 10..209 (shuffled, so it is no row number), city from four names, garage true/false, price numeric label.</summary>
    private static string Rows(Func<int, string>? size = null, Func<int, string>? city = null, string header = Header)
    {
        var cities = new[] { "Oslo", "Rome", "Lima", "Kyiv" };
        var csv = new StringBuilder(header + "\n");
        for (var i = 0; i < 200; i++)
            csv.Append($"{size?.Invoke(i) ?? (10 + i * 37 % 200).ToString()},{city?.Invoke(i) ?? cities[i % 4]},{(i % 3 == 0 ? "true" : "false")},{100 + i}\n");
        return csv.ToString();
    }

    private static IReadOnlyList<ContractViolation> Check(string newData, ContractTolerances? tolerances = null)
    {
        using var dir = new TempDir();
        var contract = ColumnInference.Infer(dir.Load(Rows(), name: "train.csv"), new InferenceOptions { Label = "price" });
        return SchemaContract.Validate(contract, dir.Load(newData, name: "new.csv"), tolerances ?? Defaults);
    }

    [TestMethod]
    public void TheTrainingDataFitsItsOwnContract() => Assert.AreEqual(0, Check(Rows()).Count);

    [TestMethod]
    public void ColumnOrderDoesNotMatterAndTheLabelIsOptional()
    {
        using var dir = new TempDir();
        var contract = ColumnInference.Infer(dir.Load(Rows(), name: "train.csv"), new InferenceOptions { Label = "price" });
        var reordered = dir.Load("garage,city,size\ntrue,Oslo,20\nfalse,Rome,30\n", name: "new.csv");
        Assert.AreEqual(0, SchemaContract.Validate(contract, reordered, Defaults).Count);
    }

    [TestMethod]
    public void AMissingColumnBreaksTheContract()
    {
        var violation = Check("size,garage,price\n20,true,120\n30,false,130\n").Single();
        Assert.AreEqual(("MLOPS2011", "city", true), (violation.Code, violation.Column, violation.IsError));
    }

    [TestMethod]
    public void ATypeChangeNamesTheValueAndLine()
    {
        var violation = Check(Rows(size: i => i == 5 ? "large" : "50")).Single();
        Assert.AreEqual(("MLOPS2012", "size", 7), (violation.Code, violation.Column, violation.Line));
        StringAssert.Contains(violation.Message, "'large'");
    }

    [TestMethod]
    public void NewCategoriesBeyondToleranceBreakTheContract()
    {
        Assert.AreEqual(0, Check(Rows(city: i => i == 0 ? "Baku" : "Oslo")).Count, "one row in 200 is within 1%");
        var violation = Check(Rows(city: i => i % 10 == 0 ? "Baku" : "Oslo")).Single();
        Assert.AreEqual("MLOPS2013", violation.Code);
        StringAssert.Contains(violation.Message, "'Baku'");
    }

    [TestMethod]
    public void ValuesOutsideTheRecordedRangeBeyondToleranceBreakTheContract()
    {
        Assert.AreEqual(0, Check(Rows(size: i => "225")).Count, "within the 10% margin of the 10..209 range");
        Assert.AreEqual(0, Check(Rows(size: i => i == 0 ? "500" : "50")).Count, "one row in 200 is within 1%");
        Assert.AreEqual("MLOPS2014", Check(Rows(size: i => "500")).Single().Code);
    }

    [TestMethod]
    public void AHigherMissingRateBreaksTheContract() =>
        Assert.AreEqual("MLOPS2015", Check(Rows(size: i => i % 5 == 0 ? "" : "50")).Single().Code);

    [TestMethod]
    public void AnExtraColumnIsAWarningUnlessStrict()
    {
        var extra = Rows(header: Header + ",note").Replace(",100", ",100").Split('\n')
            .Select((line, i) => i == 0 || line.Length == 0 ? line : line + ",x").Aggregate((a, b) => a + "\n" + b);
        var warning = Check(extra).Single();
        Assert.AreEqual(("MLOPS2016", false), (warning.Code, warning.IsError));
        Assert.IsTrue(Check(extra, new ContractTolerances { Strict = true }).Single().IsError);
    }

    [TestMethod]
    public void AnInferredKindChangeIsATypeChange()
    {
        using var dir = new TempDir();
        var contract = ColumnInference.Infer(dir.Load(Rows(), name: "train.csv"), new InferenceOptions { Label = "price" });
        var coded = dir.Load(Rows(city: i => (i % 4).ToString()), name: "new.csv");
        var inferred = ColumnInference.Infer(coded, new InferenceOptions { Label = "price" });
        var violation = SchemaContract.Validate(contract, coded, Defaults, inferred).Single();
        Assert.AreEqual(("MLOPS2012", "city"), (violation.Code, violation.Column));
        StringAssert.Contains(violation.Message, "now numeric");
    }
}
