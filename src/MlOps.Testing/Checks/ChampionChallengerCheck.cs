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
        var challengers = loaded.Evaluate();
        var champions = loaded.EvaluateOther(baseline);
        var (challenger, champion) = (challengers[metric], champions[metric]);
        var worseBy = MlOps.Core.Metrics.MetricDirection.WorseBy(metric, champion, challenger);
        if (worseBy > loaded.Checks.MaxRegression)
        {
            WriteReport(Report(challengers, champions, metric, loaded, baseline));
            Assert.Fail($"The new model is worse than the baseline: {metric} = {F(challenger)} against the baseline's {F(champion)} " +
                $"(worse by {F(worseBy)}, allowed {F(loaded.Checks.MaxRegression)}; test data {loaded.TestDataDescription}; baseline {baseline}).");
        }
    }

    /// <summary>The comparison attached to a failing test: every metric of both models on the same test data.</summary>
    private static string Report(IReadOnlyDictionary<string, double> challengers, IReadOnlyDictionary<string, double> champions,
        string metric, MlOpsModel loaded, string baseline) =>
        $"The new model against the baseline `{baseline}` on {loaded.TestDataDescription}; the gate is {metric}, " +
        $"allowed to be worse by {F(loaded.Checks.MaxRegression)} (MlOpsMaxRegression).\n\n" +
        "| metric | new model | baseline |\n|---|---|---|\n" +
        string.Concat(challengers.Keys.Order(StringComparer.Ordinal).Select(m =>
            $"| {(m == metric ? $"**{m}**" : m)} | {F(challengers[m])} | {(champions.TryGetValue(m, out var b) ? F(b) : "")} |\n"));
}
