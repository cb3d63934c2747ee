using System.Diagnostics;
using System.Globalization;
using MlOps.Engine;
using MlOps.Engine.Metrics;
using MlOps.Sdk.Tasks;

namespace MlOps.Tool;

/// <summary>
/// What a user watching the build sees of the search. Hundreds of trial lines are noise in a CI log, so at normal
/// verbosity only a new best and a periodic line are printed, and every trial at detailed verbosity. Both printed
/// kinds double as the terminal logger's live status (elapsed of budget, trials, best so far), see <see cref="ToolOutput"/>.
/// </summary>
/// <param name="elapsed">The search's clock (tests pass their own).</param>
public sealed class TrialProgress(TextWriter log, string metric, double budgetSeconds, int? maxTrials, Func<TimeSpan>? elapsed = null)
{
    /// <summary>How often a line is printed when no trial beats the best.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly Func<TimeSpan> _elapsed = elapsed ?? StartClock();
    private readonly bool _higherIsBetter = MetricCatalog.IsHigherBetter(metric);
    private readonly object _gate = new();
    private TimeSpan _lastLine;
    private int _trials;
    private TrialResult? _best;

    /// <summary>Called once per finished trial, possibly from several search threads.</summary>
    public void Report(TrialResult trial)
    {
        lock (_gate)
        {
            _trials++;
            var line = Progress.Trial(trial, metric);
            var isBest = trial.Error is null && (_best is null || (_higherIsBetter ? trial.Metric > _best.Metric : trial.Metric < _best.Metric));
            if (isBest) _best = trial;
            var now = _elapsed();
            if (isBest)
                Status(line + " (new best)", now);
            else if (now - _lastLine >= Period)
            {
                log.WriteLine(ToolOutput.FormatDetail(line));
                Status(string.Create(Invariant, $"MlOps: {Budget(now)}, {_trials} trials; best {BestText()}"), now);
            }
            else
                log.WriteLine(ToolOutput.FormatDetail(line));
        }
    }

    private static Func<TimeSpan> StartClock()
    {
        var clock = Stopwatch.StartNew();
        return () => clock.Elapsed;
    }

    private void Status(string text, TimeSpan now)
    {
        _lastLine = now;
        log.WriteLine(ToolOutput.FormatStatus(Budget(now), string.Create(Invariant, $"trial {_trials}, best {BestText()}"), text));
    }

    private string Budget(TimeSpan now) => maxTrials is int n
        ? string.Create(Invariant, $"{_trials}/{n} trials, {now.TotalSeconds:0} s")
        : string.Create(Invariant, $"{now.TotalSeconds:0}/{budgetSeconds:0.#} s");

    private string BestText() => _best is null
        ? "none yet"
        : string.Create(Invariant, $"{metric}={_best.Metric:0.0000} ({_best.Trainer}, trial {_best.Number})");
}
