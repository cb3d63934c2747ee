using System.Globalization;

namespace MlOps.Engine.Execution;

/// <summary>
/// MlOpsMaxMemoryMB by measurement: the process's resident set (VmRSS) is read before each fit and polled while it
/// runs; the peak growth divided by the rows fitted is that trainer's bytes per row (from its largest fit so far,
/// the best guide for bigger ones). A fit's rows are then capped so the resident set before it plus its growth stays
/// under the ceiling, with a 20% margin. Without MlOpsMaxMemoryMB the ceiling is <see cref="DefaultCeilingMB"/>.
/// </summary>
internal sealed class MemoryBudget
{
    /// <summary>The default ceiling when none is set: a 1 GB build process is what a CI runner or laptop expects.</summary>
    public const int DefaultCeilingMB = 1024;
    private const double Margin = 1.2;
    private readonly Dictionary<string, (int Rows, long Growth)> _largest = [];

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
        (int Rows, long Growth) largest;
        lock (_largest) if (!_largest.TryGetValue(trainer, out largest) || largest.Rows == 0) return null;
        var perRow = Margin * largest.Growth / largest.Rows;
        if (perRow <= 0) return null;
        var rows = (CeilingBytes - Math.Max(BaselineBytes, ResidentBytes())) / perRow;
        if (rows >= wanted) return null;
        return (int)Math.Max(1_000, TwoDigits(rows));
    }

    /// <summary>What the cap of <paramref name="trainer"/> rests on, for messages: the resident set before fits and the bytes per row.</summary>
    public string Describe(string trainer)
    {
        (int Rows, long Growth) largest;
        lock (_largest) _largest.TryGetValue(trainer, out largest);
        var perRow = largest.Rows > 0 ? $"{largest.Growth / largest.Rows} bytes per row in a {trainer} fit of {largest.Rows} rows" : $"no {trainer} fit yet";
        return string.Create(CultureInfo.InvariantCulture, $"measured: {BaselineBytes >> 20} MB resident before any fit, {perRow}");
    }

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
        lock (_largest)
        {
            if (!_largest.TryGetValue(trainer, out var known) || rows > known.Rows || (rows == known.Rows && growth > known.Growth))
                _largest[trainer] = (rows, growth);
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
