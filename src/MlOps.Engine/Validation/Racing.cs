using MlOps.Engine.Metrics;

namespace MlOps.Engine.Validation;

/// <summary>
/// Racing (as in iterated racing / early-stopped CV): a configuration is first scored on fold 0 only,
/// and abandoned when that fold's loss is clearly worse than the incumbent's loss on the same fold.
/// Paired on one fold, so the fold's own difficulty cancels out; "clearly" is the incumbent's spread
/// across folds, with a small relative floor so near-identical configurations are not pruned by noise.
/// </summary>
internal sealed record RaceBar(double Fold0Loss, double Margin)
{
    public static RaceBar? From(TrialOutcome? incumbent)
    {
        if (incumbent is null || incumbent.FoldLosses.Length < 2) return null;
        var losses = incumbent.FoldLosses;
        var std = SampleStats.Of(losses).StdDev;
        return new RaceBar(losses[0], Math.Max(std, 0.01 * Math.Abs(losses[0]) + 1e-3));
    }

    public bool Prunes(double fold0Loss) => fold0Loss > Fold0Loss + Margin;
}

/// <summary>
/// Whether a lower cross-validated loss is a real improvement: the mean per-fold gain (same folds, so each
/// fold's own difficulty cancels) must exceed its standard error. A neighbour of the best that wins by a row
/// or two is noise, and picking it is the winner's curse; a real improvement, or several small ones in a
/// row measured against the same best, still gets through. A single split has no spread to judge by: any gain counts.
/// </summary>
internal static class PairedGain
{
    public static bool IsClear(double[] challengerLosses, double[] incumbentLosses)
    {
        if (challengerLosses.Length < 2 || challengerLosses.Length != incumbentLosses.Length)
            return challengerLosses.Average() < incumbentLosses.Average();
        var gains = challengerLosses.Zip(incumbentLosses, (c, i) => i - c).ToArray();
        return gains.Average() > SampleStats.StandardError(gains);
    }
}
