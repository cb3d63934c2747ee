using static MlOps.Testing.Numbers;

namespace MlOps.Testing.Checks;

/// <summary>MlOpsBaselineModel: the new model's primary metric may be worse than the baseline's by at most MlOpsMaxRegression.</summary>
public sealed class ChampionChallengerCheck(string model, string baseline) : ModelCheck(model, $"champion/challenger against {Path.GetFileName(Path.GetDirectoryName(baseline))}/{Path.GetFileName(baseline)}")
{
    public override string Category => "ChampionChallenger";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        if (!File.Exists(baseline)) Assert.Fail($"The baseline model {baseline} does not exist (MlOpsBaselineModel).");
        var metric = loaded.Manifest.OptimizingMetric;
        var challenger = loaded.Evaluate()[metric];
        var champion = loaded.EvaluateOther(baseline)[metric];
        var worseBy = MlOps.Core.Metrics.MetricDirection.WorseBy(metric, champion, challenger);
        if (worseBy > loaded.Checks.MaxRegression)
            Assert.Fail($"The new model is worse than the baseline: {metric} = {F(challenger)} against the baseline's {F(champion)} " +
                $"(worse by {F(worseBy)}, allowed {F(loaded.Checks.MaxRegression)}; test data {loaded.TestDataDescription}; baseline {baseline}).");
    }
}
