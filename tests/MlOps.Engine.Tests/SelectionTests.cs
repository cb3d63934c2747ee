using MlOps.Core.Schema;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Tests;

/// <summary>How the winner is picked: paired gains, the finalists' second fold assignment, the one-SE rule, coded categories.</summary>
[TestClass]
public sealed class SelectionTests
{
    [TestMethod]
    public void OnlyAClearPairedGainReplacesTheBest()
    {
        double[] best = [0.10, 0.12, 0.08];
        Assert.IsTrue(PairedGain.IsClear([0.09, 0.11, 0.07], best), "better on every fold");
        Assert.IsFalse(PairedGain.IsClear([0.04, 0.13, 0.09], best), "a lower mean from one lucky fold");
        Assert.IsFalse(PairedGain.IsClear([0.11, 0.12, 0.08], best), "worse");
        Assert.IsTrue(PairedGain.IsClear([0.20], [0.21]), "a single holdout: any gain counts");
        Assert.IsFalse(PairedGain.IsClear([0.21], [0.20]));
    }

    [TestMethod]
    public void OneStandardErrorRulePrefersALinearFinalistOnlyWithinNoise()
    {
        var context = new TrainerContext(MlTask.BinaryClassification, "y", "f", 2, 200, 1, true, 1);
        SearchWinner Winner(TrainerCandidate trainer, int number, params double[] foldLosses)
        {
            var space = trainer.Space(context);
            var state = new TrainerSearchState(trainer, space, context, number);
            var trial = new TrialResult { Number = number, Trainer = trainer.Name, Hyperparameters = new Dictionary<string, string>(), Metric = -foldLosses.Average() };
            var outcome = new TrialOutcome([], [], null, foldLosses, false, 0.1);
            return new SearchWinner(trial, state, state.Decode(space.Select(p => p.Encode(p.Initial)).ToArray()), outcome);
        }

        // Trees at 0.080 with a fold spread of 0.015 (standard error 0.0047 over 10 folds).
        var trees = Winner(new LightGbmCandidate(), 1, 0.06, 0.10, 0.07, 0.09, 0.08, 0.06, 0.10, 0.07, 0.09, 0.08);
        var closeLinear = Winner(new LbfgsCandidate(), 2, Enumerable.Repeat(0.084, 10).ToArray());
        var farLinear = Winner(new SdcaCandidate(), 3, Enumerable.Repeat(0.095, 10).ToArray());

        Assert.AreSame(closeLinear, FinalistCheck.Simplest([(trees, 0.080), (closeLinear, 0.084), (farLinear, 0.095)]));
        Assert.AreSame(trees, FinalistCheck.Simplest([(trees, 0.080), (farLinear, 0.095)]), "0.015 worse is more than noise");
        Assert.AreSame(closeLinear, FinalistCheck.Simplest([(closeLinear, 0.084), (trees, 0.090)]), "a linear best stays best");
    }

    [TestMethod]
    public void SmallDataFinalistsAreRescoredOnASecondFoldAssignment()
    {
        var (data, schema) = SyntheticData.Create(MlTask.BinaryClassification, 300);
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, maxTrials: 12));
        StringAssert.Contains(result.ValidationMethod, "finalists over a second seeded fold assignment");
        Assert.IsFalse(result.BestTrial.Pruned);
        Assert.IsNull(result.BestTrial.Error);
        // The reported validation value averages both assignments, so it is not the search's own fold mean.
        Assert.AreNotEqual(result.BestTrial.Metric, result.ValidationMetrics[result.Metric]);
        Assert.IsTrue(double.IsFinite(result.ValidationMetrics[result.Metric]));
    }

    [TestMethod]
    public void OneHotCopyOfACodedColumnLetsALinearModelLearnANonMonotoneEffect()
    {
        var (data, schema) = SyntheticData.Coded(400);
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(MlTask.BinaryClassification, maxTrials: 3, trainers: "Lbfgs"));
        Assert.AreEqual("numeric+one-hot", result.BestTrial.Hyperparameters["CodedCategories"]);
        CollectionAssert.Contains(result.Featurization.ToArray(), "OneHot(coded: code)");
        Assert.IsGreaterThan(0.95, result.TestMetrics["Accuracy"], "the one-hot slots separate codes 2 and 5");
    }
}
