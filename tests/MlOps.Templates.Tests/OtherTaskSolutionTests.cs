using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>
/// `dotnet new mlops --task multiclass|regression`: the matching sample data, label and gate; build, test and publish
/// pass. Publish leaves the scoring image out (MlOpsPublishContainer=false): BinarySolutionTests builds it, and the
/// image does not depend on the task. It publishes the Debug build, so the model just tested is reused, not retrained.
/// </summary>
[TestClass]
public sealed class OtherTaskSolutionTests
{
    [TestMethod]
    [DataRow("multiclass", "Tickets", "MulticlassClassification on 'Category'", "quality gate MacroAccuracy >= 0.7", "tickets-test.csv")]
    [DataRow("regression", "Houses", "Regression on 'Price'", "quality gate RSquared >= 0.7", "house-prices-test.csv")]
    public void BuildTestAndPublishPass(string task, string name, string training, string gate, string testFile)
    {
        var solution = GeneratedSolution.Create(name, "--task", task);
        Assert.AreEqual(2, Directory.GetFiles(Path.Combine(solution.ModelDirectory, "data")).Length, "only the task's own sample (train and test)");

        var build = solution.Run("build");
        BuildAssert.Succeeded(build);
        StringAssert.Contains(build.Output, $"MlOps: {training}");

        var test = solution.Run("test", "--logger", "console;verbosity=normal");
        BuildAssert.Succeeded(test);
        StringAssert.Contains(test.Output, $"Passed Check (\"{name}.Model: {gate}\")");
        StringAssert.Contains(test.Output, $"Passed Check (\"{name}.Model: drift of {testFile}\")");
        StringAssert.Contains(test.Output, "Passed TrainedOnTheProjectsData");

        var publish = solution.Run("publish", "-c", "Debug", "-p:MlOpsPublishContainer=false");
        BuildAssert.Succeeded(publish);
        StringAssert.Contains(publish.Output, "MlOps: model is up to date");
    }
}
