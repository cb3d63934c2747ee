namespace MlOps.Engine.Search;

/// <summary>
/// Which trainer to try next, after FLAML's ECI (estimated cost for improvement). Trainers never
/// tried go first, leading ones (<see cref="TrainerSearchState.Leads"/>) then cheapest initial point first. Then, with K0/K1/K2 the cost a trainer has spent in
/// total / when its best was found / when its previous best was found:
///   ECI1 = max(K0 - K1, K1 - K2)             (cost to improve its own best again),
///   ECI2 = (its best - global best) / speed  (cost to catch up, at its observed improvement speed),
///   ECI  = max(ECI1, ECI2, its last trial's cost),
/// and a trainer is drawn with probability proportional to 1/ECI from the seeded Random.
/// </summary>
internal static class EciSelector
{
    public static TrainerSearchState? Choose(IReadOnlyList<TrainerSearchState> states, Random random)
    {
        var eligible = states.Where(s => !s.Disabled).ToList();
        if (eligible.Count == 0) return null;
        var untried = eligible.Where(s => s.Trials == 0).OrderByDescending(s => s.Leads).ThenBy(s => s.InitialCost).FirstOrDefault();
        if (untried is not null) return untried;
        // A trainer that has only failed so far gets one more chance before ECI takes over.
        var retry = eligible.FirstOrDefault(s => double.IsPositiveInfinity(s.BestLoss));
        if (retry is not null) return retry;

        var globalBest = eligible.Min(s => s.BestLoss);
        var weights = eligible.Select(s => 1.0 / Math.Max(1e-9, Eci(s, globalBest))).ToArray();
        var draw = random.NextDouble() * weights.Sum();
        for (var i = 0; i < eligible.Count; i++)
        {
            draw -= weights[i];
            if (draw <= 0) return eligible[i];
        }
        return eligible[^1];
    }

    internal static double Eci(TrainerSearchState s, double globalBest)
    {
        var eci = Math.Max(s.TotalCost - s.CostAtBest, s.CostAtBest - s.CostAtPreviousBest);
        eci = Math.Max(eci, s.LastCost);
        if (s.BestLoss > globalBest)
        {
            var gained = s.FirstLoss - s.BestLoss;
            // No improvement yet: assume it needs at least twice what it has spent to catch up.
            var catchUp = gained > 0 && s.CostAtBest > 0
                ? (s.BestLoss - globalBest) / (gained / s.CostAtBest)
                : 2 * s.TotalCost;
            eci = Math.Max(eci, catchUp);
        }
        return eci;
    }
}
