using System.Globalization;

namespace MlOps.Bench;

/// <summary>
/// Peak resident memory of every process in a tree (a `dotnet build`: MSBuild nodes, the training tool, ...), by
/// polling /proc every 100 ms: each process's max of VmHWM and VmRSS while it was seen. VmHWM is the kernel's own
/// peak, so a process seen at least once before it exits reports its true peak up to that moment.
/// </summary>
public sealed class ProcessTreePeak : IDisposable
{
    private readonly int _root;
    private readonly Dictionary<int, (string Name, long PeakBytes)> _peaks = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;

    public ProcessTreePeak(int rootPid)
    {
        _root = rootPid;
        _poller = Task.Run(Poll);
    }

    /// <summary>Each process seen (pid, command name and first argument), with its peak in MB, largest first.</summary>
    public IReadOnlyList<(int Pid, string Name, double PeakMb)> Peaks()
    {
        _stop.Cancel();
        _poller.Wait();
        lock (_peaks)
            return _peaks.Select(kv => (kv.Key, kv.Value.Name, kv.Value.PeakBytes / (1024.0 * 1024.0)))
                .OrderByDescending(p => p.Item3).ToList();
    }

    public void Dispose() { _stop.Cancel(); _stop.Dispose(); }

    private async Task Poll()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
        }
        Sample();
    }

    private void Sample()
    {
        foreach (var pid in Tree())
        {
            if (Status(pid) is not { } status) continue;
            var peak = Math.Max(Kb(status, "VmHWM:"), Kb(status, "VmRSS:")) * 1024;
            lock (_peaks)
            {
                var known = _peaks.GetValueOrDefault(pid, (Name(pid), 0));
                _peaks[pid] = (known.Item1, Math.Max(known.Item2, peak));
            }
        }
    }

    /// <summary>The root and its descendants, by each process's parent pid (field 4 of /proc/PID/stat).</summary>
    private List<int> Tree()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
                list.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        var tree = new List<int> { _root };
        for (var i = 0; i < tree.Count; i++)
            if (children.TryGetValue(tree[i], out var list)) tree.AddRange(list);
        return tree;
    }

    private static string[]? Status(int pid)
    {
        try { return File.ReadAllLines($"/proc/{pid}/status"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static long Kb(string[] status, string key) =>
        status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } line
            ? long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) : 0;

    /// <summary>The executable's name and, for a dotnet host, the program it runs (MSBuild.dll, MlOps.Tool.dll).</summary>
    private static string Name(int pid)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            var program = args.Skip(1).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal) && !a.StartsWith('-'));
            return args.Length == 0 ? "?" : Path.GetFileName(args[0]) + (program is null ? "" : " " + Path.GetFileName(program));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "?"; }
    }
}
