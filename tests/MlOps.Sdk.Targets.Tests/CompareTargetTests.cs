using MlOps.Sdk.Targets.Tests.Infrastructure;

namespace MlOps.Sdk.Targets.Tests;

/// <summary>
/// -t:MlOpsCompare (docs/compare.md): one compare call that names the model, the run history and the report, rerun
/// only when something changed; a baseline reference goes through the baseline command as MlOpsBaselineModel does,
/// named as MlOpsCompareBaseline, and the compare call reads the folder it fetched.
/// </summary>
[TestClass]
public sealed class CompareTargetTests
{
    [TestMethod]
    public void ComparesWithThePreviousRunOnlyWhenSomethingChanged()
    {
        using var project = new TargetProject().Set("Version", "2.0.0");
        project.Build();

        var compare = TargetProject.OneCall(project.Build("-t:MlOpsCompare"), "compare");
        Assert.AreEqual(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops") + "/", compare["ModelFolder"]);
        Assert.AreEqual(Path.Combine(project.Directory, "obj", "mlops", "runs") + "/", compare["RunHistory"]);
        Assert.AreEqual(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "mlops-compare.html"), compare["Output"]);
        Assert.AreEqual("Model 2.0.0", compare["Name"]);
        Assert.AreEqual("", compare["Baseline"], "no baseline given: the previous run");

        var again = project.RunRecorded(out var calls, "-t:MlOpsCompare");
        Assert.AreEqual(0, calls.Count, "nothing changed: " + string.Join("; ", calls));
        StringAssert.Contains(again.Output, "MlOps: run comparison is up to date");

        project.Set("MlOpsCompareOutput", "reports/compare.html");
        Assert.AreEqual(Path.Combine(project.Directory, "reports", "compare.html"), TargetProject.OneCall(project.Build("-t:MlOpsCompare"), "compare")["Output"]);
    }

    [TestMethod]
    public void ABaselineReferenceIsFetchedAsTheChampionIs()
    {
        using var project = new TargetProject().Set("MlOpsCompareBaseline", "nuget:Contoso.Churn.Model@1.4.0");
        project.Build();

        var calls = project.Build("-t:MlOpsCompare");
        var baseline = TargetProject.OneCall(calls, "baseline");
        Assert.AreEqual("nuget:Contoso.Churn.Model@1.4.0", baseline["Reference"]);
        Assert.AreEqual("MlOpsCompareBaseline", baseline["Setting"]);
        var cache = Path.Combine(project.Directory, "obj", "Debug", "net10.0", "mlops", "baseline") + "/";
        Assert.AreEqual(cache, baseline["CacheDirectory"], "the champion/challenger baseline's cache");
        var compare = TargetProject.OneCall(calls, "compare");
        Assert.AreEqual(Path.Combine(cache, "fake") + "/", compare["Baseline"]);
        Assert.AreEqual("nuget:Contoso.Churn.Model@1.4.0", compare["BaselineName"]);
        Assert.IsLessThan(calls.ToList().FindIndex(c => c.Command == "compare"), calls.ToList().FindIndex(c => c.Command == "baseline"));
    }
}
