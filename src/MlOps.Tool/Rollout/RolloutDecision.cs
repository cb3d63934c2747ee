using System.Globalization;
using MlOps.Core.Metrics;

namespace MlOps.Tool.Rollout;

public enum RolloutVerdict { Promote, Hold, Rollback }

/// <summary>
/// The rollout decision (docs/rollout.md, "The decision"): five rules in order over the evidence, and a one-line
/// reason that names the numbers and the setting that decided. The tool's exit code says which (0, 3, 4), so a script
/// can tell a hold from a rollback without parsing text.
/// </summary>
public sealed record RolloutDecision(RolloutVerdict Verdict, string Reason)
{
    public string Word => Verdict switch { RolloutVerdict.Promote => "promote", RolloutVerdict.Hold => "hold", _ => "rollback" };

    public int ExitCode => Verdict switch { RolloutVerdict.Promote => 0, RolloutVerdict.Hold => 3, _ => 4 };

    public string Line => $"MlOps: rollout decision: {Word}: {Reason}";

    public static RolloutDecision Decide(RolloutEvidence evidence, RolloutLimits limits)
    {
        // 1. A challenger that fails or is slow is rolled back whatever its quality.
        if (evidence.ErrorRate is { } rate && rate > limits.MaxErrorRate)
            return new(RolloutVerdict.Rollback, $"the challenger's server-error rate is {Percent(rate)}, above MlOpsRolloutMaxErrorRate {Percent(limits.MaxErrorRate)}");
        if (evidence.P99Seconds is { } p99 && p99 > limits.MaxLatencySeconds)
            return new(RolloutVerdict.Rollback, $"the challenger's p99 latency is {N(p99)} s, above MlOpsRolloutMaxLatency {N(limits.MaxLatencySeconds)} s");

        // 2. Too little paired evidence to say anything.
        if (evidence.PairedRows < limits.MinLabeledRows)
            return new(RolloutVerdict.Hold, $"{evidence.PairedRows} paired labeled rows (both models scored, label known); " +
                $"MlOpsMinLabeledRows is {limits.MinLabeledRows}: {limits.MinLabeledRows - evidence.PairedRows} more needed");
        if (evidence.Paired is not { } paired)
            return new(RolloutVerdict.Hold, $"{evidence.PairedRows} paired labeled rows, but the live metric is not defined on them (binary AUC needs both classes): more rows needed");

        var measured = $"{paired.Metric} champion {N(paired.Champion)}, challenger {N(paired.Challenger)} on {paired.Rows} paired rows: worse by {N(paired.WorseBy)}";
        var confidence = double.IsFinite(paired.Confidence) ? $"{Percent(paired.Confidence)} confidence" : "the service's confidence";
        var limit = $"MlOpsMaxRegression {N(limits.MaxRegression)}";

        // 3. Not worse than allowed, at the stated confidence.
        if (paired.Upper <= limits.MaxRegression)
            return new(RolloutVerdict.Promote, $"{measured}, at most {N(paired.Upper)} at {confidence}, within {limit}");
        // 4. Worse than allowed, at the stated confidence.
        if (paired.Lower > limits.MaxRegression)
            return new(RolloutVerdict.Rollback, $"{measured}, at least {N(paired.Lower)} at {confidence}, beyond {limit}");
        // 5. The interval straddles the limit: more rows narrow it.
        return new(RolloutVerdict.Hold, $"{measured}, between {N(paired.Lower)} and {N(paired.Upper)} at {confidence}, which includes {limit}: {Estimate(paired, limits.MaxRegression)}");
    }

    /// <summary>
    /// Rows for the interval to clear the limit if the estimate stays where it is: a bootstrap bound's distance from the
    /// estimate shrinks as 1/√n, so n' = n · (distance / gap)², the bound on the side of the limit.
    /// </summary>
    public static int? RowsNeeded(PairedResult paired, double maxRegression)
    {
        var gap = Math.Abs(maxRegression - paired.WorseBy);
        var distance = paired.WorseBy < maxRegression ? paired.Upper - paired.WorseBy : paired.WorseBy - paired.Lower;
        if (gap <= 0 || distance <= 0) return null;
        var needed = paired.Rows * (distance / gap) * (distance / gap);
        // A hair below the next whole row is float noise in the squares, not another row.
        return needed >= int.MaxValue ? int.MaxValue : (int)Math.Ceiling(needed - 1e-9);
    }

    private static string Estimate(PairedResult paired, double maxRegression) => RowsNeeded(paired, maxRegression) is { } needed
        ? $"about {needed} paired rows would settle it if the estimate holds, {Math.Max(needed - paired.Rows, 1)} more"
        : "the estimate sits on the limit, so more rows settle it only if the estimate moves";

    private static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
