using MlOps.Core.Schema;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;

namespace MlOps.Engine.Tests;

[TestClass]
public sealed class SearchTests
{
    [TestMethod]
    public void HyperparametersRoundTripOnLogScale()
    {
        var p = new Hyperparameter("Trees", 4, 1024, 4, Log: true, Integer: true);
        Assert.AreEqual(4, p.Decode(p.Encode(4)));
        Assert.AreEqual(64, p.Decode(0.5));
        Assert.AreEqual(1024, p.Decode(1));
        var choice = Hyperparameter.Choice("c", ["a", "b", "c"]);
        Assert.AreEqual(1, choice.Decode(choice.Encode(1)));
        Assert.AreEqual("c", choice.Format(choice.Decode(1)));
    }

    [TestMethod]
    public void Flow2StartsAtTheInitialPointAndStaysInTheUnitCube()
    {
        double[] start = [0, 0.5, 1];
        var search = new Flow2Search(start, new Random(1));
        CollectionAssert.AreEqual(start, search.Propose());
        search.Report(start, 1.0);
        for (var i = 0; i < 200; i++)
        {
            var point = search.Propose();
            Assert.IsTrue(point.All(x => x is >= 0 and <= 1));
            search.Report(point, 1.0 + i); // never improves: the step shrinks, then the search restarts
        }
        Assert.IsGreaterThan(0, search.Restarts);
    }

    [TestMethod]
    public void Flow2IsReproducibleForASeed()
    {
        static string Run(int seed)
        {
            var search = new Flow2Search([0.2, 0.2], new Random(seed));
            var trace = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                var p = search.Propose();
                search.Report(p, Math.Pow(p[0] - 0.7, 2) + Math.Pow(p[1] - 0.4, 2));
                trace.Add(string.Join(",", p));
            }
            return string.Join(";", trace);
        }
        Assert.AreEqual(Run(3), Run(3));
        Assert.AreNotEqual(Run(3), Run(4));
    }

    [TestMethod]
    public void Flow2MovesTowardBetterPoints()
    {
        var search = new Flow2Search([0.1, 0.1], new Random(2));
        var best = double.MaxValue;
        for (var i = 0; i < 60; i++)
        {
            var p = search.Propose();
            var loss = Math.Pow(p[0] - 0.7, 2) + Math.Pow(p[1] - 0.6, 2);
            best = Math.Min(best, loss);
            search.Report(p, loss);
        }
        Assert.IsLessThan(0.02, best);
    }

    [TestMethod]
    public void EciTriesEveryTrainerCheapestFirstThenPrefersTheImprovingOne()
    {
        var context = new TrainerContext(MlTask.BinaryClassification, "y", "f", 2, 1000, 1, true, 1);
        var states = new TrainerCandidate[] { new FastForestCandidate(), new LightGbmCandidate() }
            .Select((t, i) => new TrainerSearchState(t, t.Space(context), context, i)).ToList();
        var random = new Random(1);

        var first = EciSelector.Choose(states, random)!;
        Assert.AreEqual("LightGbm", first.Candidate.Name);
        var config = first.ProposeNew();
        first.Record(config, -0.9, 1, 1);
        var second = EciSelector.Choose(states, random)!;
        Assert.AreEqual("FastForest", second.Candidate.Name);
        second.Record(second.ProposeNew(), -0.6, 10, 10);

        // LightGbm is both better and cheaper: it should get most of the next picks.
        var picks = Enumerable.Range(0, 200).Count(_ => EciSelector.Choose(states, random)!.Candidate.Name == "LightGbm");
        Assert.IsGreaterThan(150, picks);
    }

    [TestMethod]
    public void DefaultsComeRightAfterTheInitialPointAndOnlyIfTheyFit()
    {
        var context = new TrainerContext(MlTask.BinaryClassification, "y", "f", 2, 5000, 1, true, 1);
        var lgbm = new LightGbmCandidate();
        var state = new TrainerSearchState(lgbm, lgbm.Space(context), context, 1);
        var first = state.ProposeNew();
        Assert.AreEqual(4, first.Int("NumberOfIterations"), "the low-cost initial point first");
        state.Record(first, -0.7, 1, 0.5);
        var second = state.ProposeNew();
        Assert.IsTrue(state.IsDefault(second));
        Assert.AreEqual(100, second.Int("NumberOfIterations"));
        Assert.AreEqual(31, second.Int("NumberOfLeaves"));
        state.Record(second, -0.8, 1, 1);
        Assert.IsFalse(state.IsDefault(second), "recorded");
        // The next default (300 trees) does not fit a 0.1 s remainder, so the local search goes on instead.
        var third = state.ProposeNew(defaultAllowance: 0.1);
        Assert.IsFalse(state.IsDefault(third));
        Assert.AreNotEqual(300, third.Int("NumberOfIterations"));
    }

    [TestMethod]
    public void TimeEstimatesSeparateOverheadFromWork()
    {
        var context = new TrainerContext(MlTask.BinaryClassification, "y", "f", 2, 5000, 1, true, 1);
        var lgbm = new LightGbmCandidate();
        var state = new TrainerSearchState(lgbm, lgbm.Space(context), context, 1);
        var first = state.ProposeNew();
        Assert.IsNull(state.EstimateSeconds(first));
        state.Record(first, -0.7, 1, 1.0);
        var big = state.Decode(lgbm.Space(context).Select(p => p.Encode(p.Name == "NumberOfIterations" ? 400 : p.Initial)).ToArray());
        var ratio = lgbm.Cost(big, context) / lgbm.Cost(first, context);
        var estimate = state.EstimateSeconds(big)!.Value;
        Assert.IsGreaterThan(1.0, estimate);
        Assert.IsLessThan(ratio, estimate, "not purely proportional to the cost proxy");
    }
}
