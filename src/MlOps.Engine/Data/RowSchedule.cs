namespace MlOps.Engine.Data;

/// <summary>
/// Successive halving on rows (Jamieson and Talwalkar 2016, the rung schedule of Hyperband and ASHA) for large data:
/// every trial of the search fits the seeded subsample of <see cref="FirstRows"/> rows; the best
/// <see cref="Promoted"/> configurations then fit <see cref="Factor"/> times as many rows, the best third of those
/// again, and so on while at least two compete; the winner is refit on all rows. Validation rows never change, so
/// scores on every rung compare. Below <see cref="SubsampleAboveRows"/> training rows there is no schedule: every
/// fit uses all rows, as before (the shared tabular datasets have at most 100,000 rows).
/// </summary>
internal sealed record RowSchedule(int FirstRows, int TrainRows)
{
    public const int SubsampleAboveRows = 200_000;
    /// <summary>
    /// Rows of the search's fits: about where a 100,000-row file (taxi-fare) reaches its best 30 s result, so a
    /// trial on big data costs what one on that file does and the search still runs dozens of them.
    /// </summary>
    public const int FirstRungRows = 100_000;
    public const int Factor = 3;
    public const int Promoted = 3;

    /// <summary>The schedule for a fold of <paramref name="trainRows"/> rows; null when the data is not large.</summary>
    public static RowSchedule? For(int trainRows, AutoMLSettings settings) =>
        trainRows > (settings.SubsampleAboveRows ?? SubsampleAboveRows)
            ? new RowSchedule(Math.Min(settings.FirstRungRows ?? FirstRungRows, trainRows), trainRows)
            : null;

    /// <summary>Rows of each promotion rung after the first, each <see cref="Factor"/> times the last, all below the fold's rows.</summary>
    public IEnumerable<int> PromotionRungs()
    {
        for (var rows = (long)FirstRows * Factor; rows < TrainRows; rows *= Factor) yield return (int)rows;
    }

    public string Describe() => $"trials on a seeded sample of {FirstRows} of {TrainRows} rows";
}
