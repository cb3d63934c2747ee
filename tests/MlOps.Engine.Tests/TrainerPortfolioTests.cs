using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class TrainerPortfolioTests
{
    [TestMethod]
    public void DefaultPortfolioHasAllFiveTrainers() =>
        CollectionAssert.AreEquivalent(new[] { "LightGbm", "FastTree", "FastForest", "Sdca", "Lbfgs" },
            TrainerPortfolio.Select(MlTask.BinaryClassification, null, false).Select(t => t.Name).ToArray());

    [TestMethod]
    public void NamesMatchCaseInsensitively() =>
        CollectionAssert.AreEqual(new[] { "LightGbm", "FastForest" },
            TrainerPortfolio.Select(MlTask.MulticlassClassification, ["fastforest", "LIGHTGBM"], false).Select(t => t.Name).ToArray());

    [TestMethod]
    public void PoissonIsLeftOutForNegativeRegressionLabels() =>
        CollectionAssert.DoesNotContain(TrainerPortfolio.Select(MlTask.Regression, null, true).Select(t => t.Name).ToArray(), "Lbfgs");

    [TestMethod]
    public void UnknownTrainerThrowsListingValidOnes()
    {
        var (data, schema) = SyntheticData.Create(MlTask.BinaryClassification, 50);
        var e = Assert.ThrowsExactly<MlOpsException>(() =>
            AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, trainers: ["LightGbm", "XgBoost"])));
        Assert.AreEqual(ErrorCodes.UnknownTrainer, e.Code);
        StringAssert.Contains(e.Message, "XgBoost");
        StringAssert.Contains(e.Message, "FastTree");
    }
}
