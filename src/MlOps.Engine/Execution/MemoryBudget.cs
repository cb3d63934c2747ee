using System.Globalization;

namespace MlOps.Engine.Execution;

/// <summary>
/// MlOpsMaxMemoryMB by measurement: the process's resident set (VmRSS) is read before each fit and polled while it
/// runs. A trainer's growth is modelled as fixed + per-row bytes from its two largest fits of different sizes (a
/// single growth / rows ratio charges the fixed part of a small fit to every row: a FastTree fit of 300,000 rows made
/// 3,000,000 look like 1.6 GB when it took 0.5); with one fit, the ratio, which only overstates. A fit's rows are then
/// capped so the resident set before it plus its predicted growth stays under the ceiling, with a 20% margin. Without
/// MlOpsMaxMemoryMB the ceiling is <see cref="DefaultCeilingMB"/>.
/// </summary>
internal sealed class MemoryBudget
{
    /// <summary>The default ceiling when none is set: a 1 GB build process is what a CI runner or laptop expects.</summary>
    public const int DefaultCeilingMB = 1024;
    private const double Margin = 1.2;
    /// <summary>Per trainer, its largest fit and the largest fit of fewer rows (Rows 0 = none yet).</summary>
    private readonly Dictionary<string, ((int Rows, long Growth) Largest, (int Rows, long Growth) Smaller)> _fits = [];

    public MemoryBudget(int? maxMemoryMB)
    {
        Explicit = maxMemoryMB is not null;
        CeilingMB = maxMemoryMB ?? DefaultCeilingMB;
        BaselineBytes = ResidentBytes();
    }

    public int CeilingMB { get; }
    /// <summary>Whether the ceiling was asked for (MlOpsMaxMemoryMB) rather than the default.</summary>
    public bool Explicit { get; }
    /// <summary>The resident set once the data is loaded and typed, before any fit.</summary>
    public long BaselineBytes { get; }
    public long CeilingBytes => (long)CeilingMB << 20;

    /// <summary>
    /// Most rows a fit of <paramref name="trainer"/> may use, rounded down to 2 significant digits so small swings in
    /// the measurement rarely change it; null when nothing limits it (not yet measured, or it fits).
    /// </summary>
    public int? RowCap(string trainer, int wanted)
    {
        if (Model(trainer) is not var (fixedBytes, perRow, _) || perRow <= 0) return null;
        var rows = ((CeilingBytes - Math.Max(BaselineBytes, ResidentBytes())) / Margin - fixedBytes) / perRow;
        if (rows >= wanted) return null;
        return (int)Math.Max(1_000, TwoDigits(rows));
    }

    /// <summary>
    /// Fixed bytes and bytes per row of a fit of <paramref name="trainer"/>: the line through its two largest fits when
    /// the larger grew more (its slope at least half the larger fit's plain ratio, so a noisy pair cannot promise too
    /// much), else the larger fit's ratio with no fixed part; null before any fit.
    /// </summary>
    private (double Fixed, double PerRow, string Basis)? Model(string trainer)
    {
        ((int Rows, long Growth) Largest, (int Rows, long Growth) Smaller) fits;
        lock (_fits) if (!_fits.TryGetValue(trainer, out fits) || fits.Largest.Rows == 0) return null;
        var (large, small) = (fits.Largest, fits.Smaller);
        var ratio = (double)large.Growth / large.Rows;
        if (small.Rows == 0 || large.Growth <= small.Growth)
            return (0, ratio, $"{large.Growth / large.Rows} bytes per row in a {trainer} fit of {large.Rows} rows");
        var slope = Math.Max(ratio / 2, (double)(large.Growth - small.Growth) / (large.Rows - small.Rows));
        var fixedBytes = Math.Max(0, large.Growth - slope * large.Rows);
        return (fixedBytes, slope, string.Create(CultureInfo.InvariantCulture,
            $"{(long)fixedBytes >> 20} MB + {slope:0} bytes per row from {trainer} fits of {small.Rows} and {large.Rows} rows"));
    }

    /// <summary>What the cap of <paramref name="trainer"/> rests on, for messages: the resident set before fits and the growth model.</summary>
    public string Describe(string trainer) => string.Create(CultureInfo.InvariantCulture,
        $"measured: {BaselineBytes >> 20} MB resident before any fit, {Model(trainer)?.Basis ?? $"no {trainer} fit yet"}");

    /// <summary>Runs a fit of <paramref name="rows"/> rows and records its peak growth of the resident set.</summary>
    public T Measure<T>(string trainer, int rows, Func<T> fit)
    {
        var before = ResidentBytes();
        long peak = before;
        using var poll = new Timer(_ => { var now = ResidentBytes(); if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now); },
            null, 0, 20);
        var result = fit();
        poll.Change(Timeout.Infinite, Timeout.Infinite);
        var growth = Math.Max(0, Math.Max(Interlocked.Read(ref peak), ResidentBytes()) - before);
        lock (_fits)
        {
            _fits.TryGetValue(trainer, out var known);
            var fit2 = (rows, growth);
            if (rows > known.Largest.Rows) _fits[trainer] = (fit2, known.Largest);
            else if (rows == known.Largest.Rows) _fits[trainer] = (growth > known.Largest.Growth ? fit2 : known.Largest, known.Smaller);
            else if (rows > known.Smaller.Rows || (rows == known.Smaller.Rows && growth > known.Smaller.Growth)) _fits[trainer] = (known.Largest, fit2);
        }
        return result;
    }

    /// <summary>VmRSS of this process from /proc/self/status (Linux), else the working set.</summary>
    public static long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return Environment.WorkingSet;
    }

    private static double TwoDigits(double value)
    {
        var scale = Math.Pow(10, Math.Max(0, Math.Floor(Math.Log10(Math.Max(1, value))) - 1));
        return Math.Floor(value / scale) * scale;
    }
}
