using System.Text.RegularExpressions;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet test` on a test project that references a model project and MlOps.Testing: one test per declared check
/// (quality gates, schema and drift per validation file, champion/challenger) in its category, with the model card,
/// metrics.json and a failure's report attached, no code written; MSTest by default, xUnit v3 and NUnit by reference.
/// </summary>
[TestClass]
public sealed class ModelCheckTests
{
    private static ModelProject HousePrices(string name)
    {
        var project = ModelProject.CreateSynthetic(name, rows: 300, seed: 1);
        project.WriteData("data/test.csv", SyntheticData.HousePrices(rows: 150, seed: 3));
        project.WriteData("data/incoming/fresh.csv", SyntheticData.HousePrices(rows: 200, seed: 2));
        project.Set("MlOpsMaxTrials", "4").Item("MlOpsTestData", "data/test.csv");
        return project;
    }

    [TestMethod]
    public void PassingGatesSchemaAndDrift()
    {
        var model = HousePrices("checks-pass");
        model.Item("MlOpsQualityGate", "RSquared", ("Minimum", "0.5"))
             .Item("MlOpsQualityGate", "MeanAbsoluteError", ("Maximum", "200"))
             .Item("MlOpsValidationData", "data/incoming/*.csv")
             .Save();
        var handWritten = """
            using Microsoft.VisualStudio.TestTools.UnitTesting;
            using MlOps.Testing;

            [TestClass]
            public sealed class HandWrittenTests
            {
                [TestMethod]
                public void SliceOfTheTestData() => ModelAssert.Metric("R2").AtLeast(0.5);
                [TestMethod]
                public void IncomingDataMatchesTheContract() => DataAssert.MatchesSchema(MlOpsModel.Load().Checks.ValidationData[0]);
            }
            """;
        var tests = TestProject.For(model, handWritten);
        var (result, trx) = tests.TestWithTrx();

        Assert.AreEqual(0, result.ExitCode, result.Output);
        foreach (var name in new[] { "quality gate RSquared >= 0.5", "quality gate MeanAbsoluteError <= 200", "schema of fresh.csv", "drift of fresh.csv" })
        {
            Assert.IsTrue(Regex.IsMatch(result.Output, $@"Passed Check \(""Model: {Regex.Escape(name)}""\)"), $"no passing '{name}' test:\n{result.Output}");
            // The model card and metrics.json travel with each check's result into the TRX (CI test tabs show them).
            CollectionAssert.AreEquivalent(new[] { "model-card.html", "model-card.md", "metrics.json" }, trx.Single(name).Attachments.ToList(), name);
        }
        StringAssert.Contains(result.Output, "Passed SliceOfTheTestData");
        // The sixth and seventh: the hand-written tests; the seventh, the production checks' stand-in (no MlOpsProductionData: skipped).
        StringAssert.Contains(result.Output, "Total tests: 7");
        Assert.IsTrue(Regex.IsMatch(result.Output, @"Skipped ProductionCheck \(""Model: production data""\)"), result.Output);
        Assert.IsTrue(File.Exists(Path.Combine(model.Directory, "mlops.schema.json")), "the first build wrote no schema contract");

        // Each check is in its category: a filter runs those alone (the build above is reused).
        var drift = tests.Test("--no-build", "--filter", "TestCategory=Drift");
        Assert.AreEqual(0, drift.ExitCode, drift.Output);
        StringAssert.Contains(drift.Output, "Passed Check (\"Model: drift of fresh.csv\")");
        StringAssert.Contains(drift.Output, "Total tests: 1");

        // The xUnit v3 front end, picked by the package reference: the trait Category selects, the attachments are the same.
        var (schema, xunit) = TestProject.For(model, framework: "xUnit").TestWithTrx("--filter", "Category=Schema");
        Assert.AreEqual(0, schema.ExitCode, schema.Output);
        Assert.AreEqual("Passed", xunit.Single("Model: schema of fresh.csv").Outcome);
        Assert.AreEqual(1, xunit.Results.Count, string.Join(", ", xunit.Results.Select(r => r.TestName)));
        CollectionAssert.IsSubsetOf(new[] { "model-card.html", "metrics.json" }, xunit.Results[0].Attachments.ToList(), string.Join(", ", xunit.Results[0].Attachments));
    }

    [TestMethod]
    public void FailingGateTypeChangeAndDriftEachFailForTheirReason()
    {
        var model = HousePrices("checks-fail");
        // A size that is text now, and sizes from the top of the range only: same columns, moved distribution.
        var typed = SyntheticData.HousePrices(rows: 200, seed: 4).Split('\n');
        typed[5] = "large" + typed[5][typed[5].IndexOf(',')..];
        model.WriteData("data/incoming/typed.csv", string.Join('\n', typed));
        model.WriteData("data/incoming/shifted.csv", SyntheticData.HousePrices(rows: 200, seed: 5, minSize: 160));
        model.Item("MlOpsQualityGate", "RSquared", ("Minimum", "0.9999"))
             .Item("MlOpsValidationData", "data/incoming/typed.csv")
             .Item("MlOpsValidationData", "data/incoming/shifted.csv")
             .Save();

        var (result, trx) = TestProject.For(model).TestWithTrx();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        AssertFailed(result, "quality gate RSquared >= 0.9999", "RSquared = 0.", "below the minimum 0.9999");
        AssertFailed(result, "schema of typed.csv", "MLOPS2012", "'size'", "'large'");
        AssertFailed(result, "drift of shifted.csv", "size PSI=");
        Assert.IsTrue(Regex.IsMatch(result.Output, @"Passed Check \(""Model: schema of shifted.csv""\)"), "a shift within the recorded range is not a schema break");
        // The failing drift check carries its report (every column's PSI) beside the card; a passing check has none.
        CollectionAssert.Contains(trx.Single("drift of shifted.csv").Attachments.ToList(), "Model--drift-of-shifted.csv.md");
        Assert.IsFalse(trx.Single("schema of shifted.csv").Attachments.Any(a => a.EndsWith(".md", StringComparison.Ordinal) && a != "model-card.md"));

        // The NUnit front end: [Category] selects, a failure is NUnit's own with the same message and report.
        var (drift, nunit) = TestProject.For(model, framework: "NUnit").TestWithTrx("--filter", "TestCategory=Drift");
        Assert.AreNotEqual(0, drift.ExitCode, drift.Output);
        Assert.IsTrue(nunit.Results.Count == 2 && nunit.Results.All(r => r.TestName.Contains("drift of", StringComparison.Ordinal)),
            string.Join(", ", nunit.Results.Select(r => r.TestName)));
        var shifted = nunit.Single("drift of shifted.csv");
        Assert.AreEqual("Failed", shifted.Outcome);
        CollectionAssert.IsSubsetOf(new[] { "Model--drift-of-shifted.csv.md", "metrics.json", "model-card.html" }, shifted.Attachments.ToList(), string.Join(", ", shifted.Attachments));
        StringAssert.Contains(drift.Output, "size PSI=");
        Assert.IsFalse(drift.Output.Contains("AssertFailedException", StringComparison.Ordinal), drift.Output);
    }

    [TestMethod]
    public void ABetterBaselineFailsChampionChallenger()
    {
        var model = HousePrices("champion");
        // The champion: six trials (CreateSynthetic's budget leaves the time to spare, so load cannot cut it short).
        model.Set("MlOpsMaxTrials", "6");
        BuildAssert.Succeeded(model.Build());
        File.Copy(model.OutputFile("model.zip"), model.DataPath("baseline/model.zip"));
        // The challenger: one cheap trial on a single weak trainer family.
        model.Set("MlOpsMaxTrials", "1").Set("MlOpsTrainers", "FastForest").Set("MlOpsBaselineModel", "baseline/model.zip").Save();

        var (result, trx) = TestProject.For(model).TestWithTrx();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        AssertFailed(result, "champion/challenger against baseline/model.zip", "worse than the baseline", "RSquared = ", "the baseline's ");
        // The comparison report (every metric of both models) is attached to the failing result.
        var report = trx.Single("champion/challenger").Attachments.Single(a => a.StartsWith("Model--champion-challenger", StringComparison.Ordinal));
        StringAssert.Contains(File.ReadAllText(Path.Combine(model.Directory + ".Tests", "bin", "Debug", "net10.0", "mlops-reports", report)), "| **RSquared** |");
    }

    [TestMethod]
    public void AGateOnAMetricTheTaskLacksFailsTheBuild()
    {
        var model = ModelProject.CreateSynthetic("gate-name", rows: 80, seed: 1);
        model.Item("MlOpsQualityGate", "AUC", ("Minimum", "0.8"));
        BuildAssert.FailedWith(model.Build(), "MLOPS4001", "AUC", "RSquared", "MeanAbsoluteError", "Model.csproj(");
    }

    [TestMethod]
    public void AnUntrainedModelSaysSoInsteadOfCrashing()
    {
        var model = ModelProject.CreateSynthetic("untrained", rows: 80, seed: 1);
        model.Item("MlOpsQualityGate", "RSquared", ("Minimum", "0.5")).Set("MlOpsSkipTraining", "true").Save();

        var result = TestProject.For(model).Test();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        AssertFailed(result, "model trained", "has not been trained yet", "MlOpsSkipTraining");
        Assert.IsFalse(result.Output.Contains("NullReferenceException"), result.Output);
    }

    internal static void AssertFailed(CommandResult result, string check, params string[] fragments) =>
        AssertFailedTest(result, "Check", check, fragments);

    /// <summary>The generated test method <paramref name="method"/> failed for <paramref name="check"/> with each fragment in its message.</summary>
    internal static void AssertFailedTest(CommandResult result, string method, string check, params string[] fragments)
    {
        var match = Regex.Match(result.Output, $@"Failed {method} \(""Model: {Regex.Escape(check)}""\)[\s\S]*?Error Message:\s*(?<message>[\s\S]*?)Stack Trace:");
        Assert.IsTrue(match.Success, $"no failing '{check}' test:\n{result.Output}");
        foreach (var fragment in fragments)
            StringAssert.Contains(match.Groups["message"].Value, fragment, $"in the message of '{check}'");
    }
}
