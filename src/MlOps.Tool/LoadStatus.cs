using System.Globalization;
using MlOps.Core.Data;
using MlOps.Sdk.Tasks;

namespace MlOps.Tool;

/// <summary>
/// The live status while a big data file loads ("loading data: 1.2 M rows (40%)"): at most one line per
/// <see cref="Period"/>, so a file that loads quickly prints none and a CI log gets a few lines, not thousands.
/// </summary>
/// <param name="elapsed">The training command's clock (tests pass their own).</param>
public sealed class LoadStatus(TextWriter log, Func<TimeSpan> elapsed)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private TimeSpan _lastLine;

    public void Report(LoadProgress progress)
    {
        var now = elapsed();
        if (now - _lastLine < Period) return;
        _lastLine = now;
        var live = string.Create(Invariant, $"loading data: {Rows(progress.Rows)} rows ({progress.Fraction:0%})");
        log.WriteLine(ToolOutput.FormatStatus(string.Create(Invariant, $"{now.TotalSeconds:0} s"), live, "MlOps: " + live));
    }

    private static string Rows(int rows) => rows >= 1_000_000
        ? string.Create(Invariant, $"{rows / 1e6:0.0} M")
        : string.Create(Invariant, $"{rows / 1e3:0} k");
}
