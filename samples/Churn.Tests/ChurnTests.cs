using Microsoft.VisualStudio.TestTools.UnitTesting;
using MlOps.Testing;

namespace Churn.Tests;

/// <summary>A hand-written check next to the generated ones: the lineage names the data the model was trained on.</summary>
[TestClass]
public sealed class ChurnTests
{
    [TestMethod]
    public void TrainedOnTheChurnData() =>
        Assert.IsTrue(MlOpsModel.Load().Manifest.Data.Any(d => d.Role == "training" && d.Path.EndsWith("churn-train.csv")));

    [TestMethod]
    public void BeatsAlwaysGuessingNoChurn() => ModelAssert.Metric("Accuracy").AtLeast(0.76);
}
