using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.Templates.Tests;

/// <summary>`dotnet new mlops --data x.csv --label y`: the user's CSV, copied into the model's data/ folder by the first build.</summary>
[TestClass]
public sealed class DataOptionTests
{
    [TestMethod]
    public void TheFirstBuildCopiesTheUsersCsvAndTrainsOnIt()
    {
        // The user's file, given relative to the folder `dotnet new` runs in: a slice of the project's own sample data.
        var solution = GeneratedSolution.Create("Homes", "--data", Path.Combine("..", "mine", "homes.csv"), "--label", "Price", "--task", "regression");
        var userFile = Path.Combine(Path.GetDirectoryName(solution.Directory)!, "..", "mine", "homes.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(userFile)!);
        File.WriteAllLines(userFile, File.ReadLines(Path.Combine(RepoPaths.Root, "samples", "data", "house-prices-train.csv")).Take(301));
        Assert.IsFalse(Directory.Exists(Path.Combine(solution.ModelDirectory, "data")), "no sample data with --data");
        // The committed project names only data/homes.csv; the path on this machine is in the .user file git ignores.
        var project = File.ReadAllText(Path.Combine(solution.ModelDirectory, "Homes.Model.csproj"));
        Assert.IsFalse(project.Contains("mine"), project);
        StringAssert.Contains(project, "data/homes.csv");
        StringAssert.Contains(File.ReadAllText(Path.Combine(solution.ModelDirectory, "Homes.Model.csproj.user")), Path.Combine("mine", "homes.csv"));
        StringAssert.Contains(File.ReadAllText(Path.Combine(solution.Directory, ".gitignore")), "*.user");

        var test = solution.Run("test", "--logger", "console;verbosity=normal");
        BuildAssert.Succeeded(test);
        CollectionAssert.AreEqual(File.ReadAllBytes(userFile), File.ReadAllBytes(Path.Combine(solution.ModelDirectory, "data", "homes.csv")));
        StringAssert.Contains(test.Output, "MlOps: Regression on 'Price', 300 rows");
        StringAssert.Contains(test.Output, "Passed TrainedOnTheProjectsData");
    }
}
