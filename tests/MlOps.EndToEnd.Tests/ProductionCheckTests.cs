using System.Globalization;
using System.Text.RegularExpressions;
using MlOps.Core.IO;
using MlOps.Core.Artifacts;
using MlOps.EndToEnd.Tests.Infrastructure;
using static MlOps.EndToEnd.Tests.ModelCheckTests;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// Back in CI: a model project whose MlOpsProductionData points at capture files written as the scoring service writes
/// them; `dotnet test --filter TestCategory=Production` runs the production checks alone. One trained project for the
/// class; each test lays down its own captures (the wildcard is expanded by the build `dotnet test` runs first).
/// </summary>
[TestClass]
public sealed class ProductionCheckTests
{
    private static ModelProject _model = null!;
    private static TestProject _tests = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        _model = ModelProject.CreateSynthetic("production", rows: 300, seed: 1);
        _model.Set("MlOpsRequireProductionData", "true").Set("MlOpsMinLabeledRows", "20")
              .Item("MlOpsQualityGate", "RSquared", ("Minimum", "0.5"))
              .Item("MlOpsProductionData", "captures/*.csv");
        BuildAssert.Succeeded(_model.Build());
        _tests = TestProject.For(_model);
    }

    private static string Captures => _model.DataPath("captures");

    /// <summary>Fresh capture files: unlabeled rows, and labeled rows answered by <paramref name="predict"/> (from the true price).</summary>
    private static void LayDown(string unlabeledRows, string labeledRows, Func<double, double> predict)
    {
        if (Directory.Exists(Captures)) Directory.Delete(Captures, recursive: true);
        var columns = _model.Schema.Columns.Select(c => c.Name).ToList();
        foreach (var (file, csv, labeled, id) in new[] { ("capture-20261128T090000Z-1.csv", unlabeledRows, false, "c"), ("labeled-20261128T100000Z-1.csv", labeledRows, true, "l") })
        {
            var rows = CaptureFileWriter.Rows(csv);
            var prices = rows.Column("price");
            CaptureFileWriter.Write(Path.Combine(Captures, file), columns, _model.Schema.Label, rows, labeled, r =>
            {
                var answer = predict(double.Parse(prices[r]!, CultureInfo.InvariantCulture)).ToString("0.###", CultureInfo.InvariantCulture);
                return (answer, answer);
            }, id);
        }
    }

    [TestMethod]
    public void DriftedCapturesFailNamingTheFeaturesAndTheMetric()
    {
        // Sizes from the top of the range only; a city the model never saw in 30 of 200 rows; answers far off.
        var lines = SyntheticData.HousePrices(rows: 200, seed: 5, minSize: 160).Split('\n');
        for (var i = 1; i <= 30; i++) lines[i] = Regex.Replace(lines[i], ",(Oslo|Rome|Lima|Kyiv),", ",Paris,");
        LayDown(string.Join('\n', lines), SyntheticData.HousePrices(rows: 40, seed: 6), price => 500);

        var result = _tests.Test("--filter", "TestCategory=Production");

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        AssertFailedTest(result, "ProductionCheck", "production drift", "Production data drifted", "size PSI=", "captured rows in capture-20261128T090000Z-1.csv, labeled-20261128T100000Z-1.csv");
        AssertFailedTest(result, "ProductionCheck", "production unknown categories", "city", "'Paris'", "MlOpsMaxUnknownCategoryShare");
        AssertFailedTest(result, "ProductionCheck", "production quality gate RSquared >= 0.5", "RSquared = -", "below the minimum 0.5", "40 labeled");
        Assert.IsFalse(result.Output.Contains("Check (\"Model: quality gate"), "the filter ran a model check:\n" + result.Output);
    }

    [TestMethod]
    public void InDistributionCapturesPassAndAreNotRecordedAsVerification()
    {
        LayDown(SyntheticData.HousePrices(rows: 200, seed: 2), SyntheticData.HousePrices(rows: 60, seed: 7), price => price * 1.02);

        var result = _tests.Test();

        Assert.AreEqual(0, result.ExitCode, result.Output);
        foreach (var name in new[] { "production drift", "production unknown categories", "production quality gate RSquared >= 0.5" })
            Assert.IsTrue(Regex.IsMatch(result.Output, $@"Passed ProductionCheck \(""Model: {Regex.Escape(name)}""\)"), $"no passing '{name}':\n{result.Output}");
        StringAssert.Contains(result.Output, "Total tests: 4");
        // The verification publish ships is the model's checks only: production checks judge the data, not the build.
        var recorded = MlOpsJson.Read<Manifest>(_model.StoreFile(ArtifactFiles.Manifest)).Verification!.Checks.Select(c => c.Name).ToList();
        CollectionAssert.Contains(recorded, "Model: quality gate RSquared >= 0.5");
        Assert.IsFalse(recorded.Any(n => n.Contains("production", StringComparison.Ordinal)), string.Join(", ", recorded));
    }

    [TestMethod]
    public void AWildcardThatMatchesNothingFailsTheProductionRunOnly()
    {
        if (Directory.Exists(Captures)) Directory.Delete(Captures, recursive: true);

        var production = _tests.Test("--filter", "TestCategory=Production");
        var rest = _tests.Test("--filter", "TestCategory!=Production");

        Assert.AreNotEqual(0, production.ExitCode, production.Output);
        AssertFailedTest(production, "ProductionCheck", "production data", "No production data matched MlOpsProductionData in Model.csproj");
        Assert.AreEqual(0, rest.ExitCode, rest.Output);
        StringAssert.Contains(rest.Output, "Passed Check (\"Model: quality gate RSquared >= 0.5\")");
        Assert.IsFalse(rest.Output.Contains("ProductionCheck"), rest.Output);
    }
}
