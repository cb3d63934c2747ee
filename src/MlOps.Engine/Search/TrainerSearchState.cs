using MlOps.Engine.Trainers;

namespace MlOps.Engine.Search;

/// <summary>
/// One trainer's search: its FLOW2 local search, the configurations already evaluated, and the
/// bookkeeping ECI needs (cost spent in total, when the best and the previous best were found).
/// </summary>
internal sealed class TrainerSearchState
{
    private readonly Dictionary<string, double> _evaluated = new(StringComparer.Ordinal);
    private readonly List<(double Cost, double Seconds)> _timings = [];

    public TrainerSearchState(TrainerCandidate candidate, IReadOnlyList<Hyperparameter> space, TrainerContext context, int seed)
    {
        Candidate = candidate;
        Space = space;
        Context = context;
        Search = new Flow2Search(space.Select(p => p.Encode(p.Initial)).ToArray(), new Random(seed));
        InitialCost = candidate.Cost(new Configuration(space, space.Select(p => p.Encode(p.Initial)).ToArray()), context);
        foreach (var values in candidate.Defaults(context))
            _defaults.Enqueue(Decode(space.Select(p => p.Encode(values.TryGetValue(p.Name, out var v) ? v : p.Initial)).ToArray()));
    }

    private readonly Queue<Configuration> _defaults = new();
    private Configuration? _proposedDefault;

    public TrainerCandidate Candidate { get; }
    public IReadOnlyList<Hyperparameter> Space { get; }
    public TrainerContext Context { get; }
    public Flow2Search Search { get; }
    public double InitialCost { get; }
    /// <summary>Tried before the trainers that do not lead, whatever their initial cost (linear trainers on text data).</summary>
    public bool Leads { get; init; }

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

    /// <summary>
    /// Next configuration not evaluated before; duplicates are answered from memory (no trial needed).
    /// Right after the low-cost initial point come the trainer's robust defaults (zero-shot points), each
    /// unless its estimated time exceeds <paramref name="defaultAllowance"/> seconds (null: a trial budget, always).
    /// </summary>
    public Configuration ProposeNew(double? defaultAllowance = null)
    {
        while (Trials > 0 && _defaults.TryDequeue(out var preset))
        {
            if (_evaluated.ContainsKey(preset.Key)) continue;
            if (defaultAllowance is double allowed && EstimateSeconds(preset) is double estimate && estimate > allowed) continue;
            return _proposedDefault = preset;
        }
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
        if (ReferenceEquals(config, _proposedDefault)) Search.Inject(config.Point, loss);
        else Search.Report(config.Point, loss);
        _proposedDefault = null;
        TotalCost += cost;
        LastCost = cost;
        if (double.IsPositiveInfinity(loss)) Failures++;
        else
        {
            _timings.Add((Math.Max(1e-9, Candidate.Cost(config, Context)), seconds));
            if (double.IsPositiveInfinity(FirstLoss)) FirstLoss = loss;
        }
        if (loss < BestLoss)
        {
            BestLoss = loss;
            CostAtPreviousBest = CostAtBest;
            CostAtBest = TotalCost;
        }
    }

    /// <summary>
    /// Predicted wall time of a configuration from this trainer's own trials (null before any success):
    /// a fixed overhead (featurization, data passes, scoring; at most 80% of its cheapest trial) plus the
    /// steepest per-cost slope among its costliest trials. A purely proportional estimate badly overrates large configurations
    /// when it is learned from a small, overhead-dominated initial trial.
    /// </summary>
    public double? EstimateSeconds(Configuration config)
    {
        if (_timings.Count == 0) return null;
        var recent = _timings.TakeLast(5).ToList();
        var overhead = 0.8 * recent.Min(t => t.Seconds);
        // The slope comes from the costliest trials (within 2x of the largest cost), where work dominates overhead.
        var top = recent.Max(t => t.Cost);
        var slope = recent.Where(t => t.Cost >= top / 2).Max(t => (t.Seconds - overhead) / t.Cost);
        return overhead + slope * Candidate.Cost(config, Context);
    }

    /// <summary>The next default not tried yet (null when none is left); see <see cref="ProposeNew"/>.</summary>
    public Configuration? NextDefault => _defaults.Count > 0 ? _defaults.Peek() : null;

        /// <summary>Whether the configuration is one of the trainer's defaults (see <see cref="ProposeNew"/>).</summary>
    public bool IsDefault(Configuration config) => ReferenceEquals(config, _proposedDefault);
}
