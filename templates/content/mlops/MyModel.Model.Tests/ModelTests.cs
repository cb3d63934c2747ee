using Microsoft.VisualStudio.TestTools.UnitTesting;
using MlOps.Testing;

namespace MyModel.Model.Tests;

/// <summary>An example of a hand-written test next to the generated checks: the model's lineage names the data it was trained on.</summary>
[TestClass]
public sealed class ModelTests
{
    [TestMethod]
    public void TrainedOnTheProjectsData() =>
#if (hasData)
        Assert.IsTrue(MlOpsModel.Load().Manifest.Data.Any(d => d.Role == "training" && d.Path.EndsWith("USER_DATA_FILE") && d.Rows > 0));
#else
        Assert.IsTrue(MlOpsModel.Load().Manifest.Data.Any(d => d.Role == "training" && d.Path.EndsWith("SAMPLE_NAME-train.csv") && d.Rows > 0));
#endif
}
