using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Schema;

namespace MlOps.Engine.Tests;

/// <summary>Permutation importance over raw columns: the column that drives the label ranks first, pure noise near zero.</summary>
[TestClass]
public sealed class FeatureImportanceTests
{
    /// <summary>label = 3·driver (+ a little noise); 'noise' and the categorical 'tag' play no part.</summary>
    private static (TabularData, DataSchema) DriverAndNoise(MlTask task, int rows = 600)
    {
        var random = new Random(11);
        var driver = new string?[rows];
        var noise = new string?[rows];
        var tag = new string?[rows];
        var label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            var d = random.NextDouble() * 4 - 2;
            driver[r] = F(d);
            noise[r] = F(random.NextDouble() * 4 - 2);
            tag[r] = "t" + random.Next(4);
            var y = 3 * d + (random.NextDouble() - 0.5) * 0.3;
            label[r] = task == MlTask.Regression ? F(y) : y > 0 ? "yes" : "no";
        }
        var data = new TabularData("pfi.csv", ',', true, ["noise", "tag", "driver", "y"], [noise, tag, driver, label]);
        var schema = new DataSchema
        {
            Label = "y", Task = task, LabelClasses = task == MlTask.Regression ? null : ["no", "yes"], RowCount = rows,
            Columns =
            [
                new ColumnSchema { Name = "noise", Kind = ColumnKind.Numeric },
                new ColumnSchema { Name = "tag", Kind = ColumnKind.Categorical },
                new ColumnSchema { Name = "driver", Kind = ColumnKind.Numeric },
                new ColumnSchema { Name = "y", Kind = task == MlTask.Regression ? ColumnKind.Numeric : ColumnKind.Categorical },
            ],
        };
        return (data, schema);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static AutoMLResult Train(MlTask task, string? metric = null, TabularData? test = null)
    {
        var (data, schema) = DriverAndNoise(task);
        return AutoMLEngine.Run(data, test, schema, SyntheticData.Settings(task, maxTrials: 3, seed: 4) with { Metric = metric });
    }

    [TestMethod]
    [DataRow(MlTask.Regression, "RSquared")]
    [DataRow(MlTask.Regression, "MeanAbsoluteError")] // lower is better: importance is the increase
    [DataRow(MlTask.BinaryClassification, "AreaUnderRocCurve")]
    public void DriverRanksFirstAndNoiseIsNearZero(MlTask task, string metric)
    {
        var result = Train(task, metric);
        var importance = result.FeatureImportance;
        Assert.HasCount(3, importance, result.FeatureImportanceMethod);
        Assert.AreEqual("driver", importance[0].Column, string.Join(", ", importance));
        Assert.IsGreaterThan(0.2, importance[0].Importance, string.Join(", ", importance));
        var noise = importance.Single(i => i.Column == "noise");
        Assert.IsLessThan(0.1 * importance[0].Importance, Math.Abs(noise.Importance), string.Join(", ", importance));
        StringAssert.Contains(result.FeatureImportanceMethod, "3 repeat(s)");
        StringAssert.Contains(result.FeatureImportanceMethod, "holdout");
        CollectionAssert.AreEqual(importance.OrderByDescending(i => i.Importance).ToList(), importance.ToList(), "most important first");
    }

    [TestMethod]
    public void IsDeterministicForAFixedSeed()
    {
        var a = Train(MlTask.Regression).FeatureImportance;
        var b = Train(MlTask.Regression).FeatureImportance;
        CollectionAssert.AreEqual(a.ToList(), b.ToList());
        Assert.IsTrue(a.All(i => i.StdDev >= 0 && double.IsFinite(i.StdDev)));
    }

    [TestMethod]
    public void UsesTheTestFileWhenThereIsOne()
    {
        var (test, _) = DriverAndNoise(MlTask.Regression, rows: 3000);
        var result = Train(MlTask.Regression, test: test);
        StringAssert.Contains(result.FeatureImportanceMethod, "2000 rows of the test data", "capped at a seeded sample");
        Assert.AreEqual("driver", result.FeatureImportance[0].Column);
    }
}
