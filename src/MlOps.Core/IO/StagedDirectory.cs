namespace MlOps.Core.IO;

/// <summary>
/// Writes a set of files next to their final folder and swaps the whole set in at once, so a failed or
/// cancelled run never leaves a half-written or mixed set behind. Disposing without Commit discards the stage.
/// </summary>
public sealed class StagedDirectory : IDisposable
{
    private const string StagingMarker = ".staging-";
    private const string RetiredMarker = ".old-";
    private bool _committed;

    public StagedDirectory(string finalDirectory)
    {
        Final = Path.TrimEndingDirectorySeparator(Path.GetFullPath(finalDirectory));
        RemoveLeftovers(Final);
        Staging = Final + StagingMarker + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Staging);
    }

    public string Final { get; }
    public string Staging { get; }

    public string PathOf(string fileName) => Path.Combine(Staging, fileName);

    /// <summary>Two renames on the same volume: the final folder is always either the old set or the new one.</summary>
    public void Commit()
    {
        string? retired = null;
        if (Directory.Exists(Final))
        {
            retired = Final + RetiredMarker + Guid.NewGuid().ToString("N")[..8];
            Directory.Move(Final, retired);
        }
        Directory.Move(Staging, Final);
        _committed = true;
        if (retired is not null) TryDelete(retired);
    }

    public void Dispose()
    {
        if (!_committed) TryDelete(Staging);
    }

    /// <summary>A killed process (Ctrl+C) cannot clean up after itself; the next run does.</summary>
    private static void RemoveLeftovers(string final)
    {
        var parent = Path.GetDirectoryName(final);
        if (parent is null || !Directory.Exists(parent)) return;
        var name = Path.GetFileName(final);
        foreach (var dir in Directory.EnumerateDirectories(parent, name + ".*"))
        {
            var suffix = Path.GetFileName(dir)[name.Length..];
            if (suffix.StartsWith(StagingMarker) || suffix.StartsWith(RetiredMarker)) TryDelete(dir);
        }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
