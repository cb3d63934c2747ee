using System.Text.RegularExpressions;
using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// `dotnet test` on a test project that references a model project and MlOps.Testing: one MSTest test per
/// declared check (quality gates, schema and drift per validation file, champion/challenger), no code written.
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
        var result = TestProject.For(model, handWritten).Test();

        Assert.AreEqual(0, result.ExitCode, result.Output);
        foreach (var name in new[] { "quality gate RSquared >= 0.5", "quality gate MeanAbsoluteError <= 200", "schema of fresh.csv", "drift of fresh.csv" })
            Assert.IsTrue(Regex.IsMatch(result.Output, $@"Passed Check \(""Model: {Regex.Escape(name)}""\)"), $"no passing '{name}' test:\n{result.Output}");
        StringAssert.Contains(result.Output, "Passed SliceOfTheTestData");
        // The sixth and seventh: the hand-written tests; the seventh, the production checks' stand-in (no MlOpsProductionData: skipped).
        StringAssert.Contains(result.Output, "Total tests: 7");
        Assert.IsTrue(Regex.IsMatch(result.Output, @"Skipped ProductionCheck \(""Model: production data""\)"), result.Output);
        Assert.IsTrue(File.Exists(Path.Combine(model.Directory, "mlops.schema.json")), "the first build wrote no schema contract");
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

        var result = TestProject.For(model).Test();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        AssertFailed(result, "quality gate RSquared >= 0.9999", "RSquared = 0.", "below the minimum 0.9999");
        AssertFailed(result, "schema of typed.csv", "MLOPS2012", "'size'", "'large'");
        AssertFailed(result, "drift of shifted.csv", "size PSI=");
        Assert.IsTrue(Regex.IsMatch(result.Output, @"Passed Check \(""Model: schema of shifted.csv""\)"), "a shift within the recorded range is not a schema break");
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

        var result = TestProject.For(model).Test();

        Assert.AreNotEqual(0, result.ExitCode, result.Output);
        AssertFailed(result, "champion/challenger against baseline/model.zip", "worse than the baseline", "RSquared = ", "the baseline's ");
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
