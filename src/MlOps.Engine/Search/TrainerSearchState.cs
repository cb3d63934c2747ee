using MlOps.Engine.Trainers;

namespace MlOps.Engine.Search;

/// <summary>
/// One trainer's search: its FLOW2 local search, the configurations already evaluated, and the
/// bookkeeping ECI needs (cost spent in total, when the best and the previous best were found).
/// </summary>
internal sealed class TrainerSearchState
{
    private readonly Dictionary<string, double> _evaluated = new(StringComparer.Ordinal);
    private readonly List<double> _secondsPerCost = [];

    public TrainerSearchState(TrainerCandidate candidate, IReadOnlyList<Hyperparameter> space, TrainerContext context, int seed)
    {
        Candidate = candidate;
        Space = space;
        Context = context;
        Search = new Flow2Search(space.Select(p => p.Encode(p.Initial)).ToArray(), new Random(seed));
        InitialCost = candidate.Cost(new Configuration(space, space.Select(p => p.Encode(p.Initial)).ToArray()), context);
    }

    public TrainerCandidate Candidate { get; }
    public IReadOnlyList<Hyperparameter> Space { get; }
    public TrainerContext Context { get; }
    public Flow2Search Search { get; }
    public double InitialCost { get; }

    public int Trials { get; private set; }
    public int Failures { get; private set; }
    /// <summary>Two failures and no success: the trainer does not work on this data.</summary>
    public bool Disabled => Failures >= 2 && double.IsPositiveInfinity(BestLoss);
    public double BestLoss { get; private set; } = double.PositiveInfinity;
    public double FirstLoss { get; private set; } = double.PositiveInfinity;
    /// <summary>ECI's K0, K1, K2: cost spent in total, when the best was found, when the previous best was found.</summary>
    public double TotalCost { get; private set; }
    public double CostAtBest { get; private set; }
    public double CostAtPreviousBest { get; private set; }
    public double LastCost { get; private set; }

    public Configuration Decode(double[] point) => new(Space, point);

    /// <summary>Next configuration not evaluated before; duplicates are answered from memory (no trial needed).</summary>
    public Configuration ProposeNew()
    {
        for (var attempt = 0; ; attempt++)
        {
            var config = Decode(Search.Propose());
            if (!_evaluated.TryGetValue(config.Key, out var loss) || attempt >= 50) return config;
            Search.Report(config.Point, loss);
        }
    }

    /// <summary>Records a trial. <paramref name="cost"/> is in ECI units (seconds, or the cost proxy under a trial budget).</summary>
    public void Record(Configuration config, double loss, double cost, double seconds)
    {
        Trials++;
        _evaluated[config.Key] = loss;
        Search.Report(config.Point, loss);
        TotalCost += cost;
        LastCost = cost;
        if (double.IsPositiveInfinity(loss)) Failures++;
        else
        {
            _secondsPerCost.Add(seconds / Math.Max(1e-9, Candidate.Cost(config, Context)));
            if (double.IsPositiveInfinity(FirstLoss)) FirstLoss = loss;
        }
        if (loss < BestLoss)
        {
            BestLoss = loss;
            CostAtPreviousBest = CostAtBest;
            CostAtBest = TotalCost;
        }
    }

    /// <summary>Predicted wall time of a configuration from this trainer's own trials (null before any success).</summary>
    public double? EstimateSeconds(Configuration config)
    {
        if (_secondsPerCost.Count == 0) return null;
        // The worst of the recent ratios: better to skip a borderline trial than to blow the budget.
        var ratio = _secondsPerCost.TakeLast(3).Max();
        return ratio * Candidate.Cost(config, Context);
    }

}
