using MlOps.Core.Diagnostics;

namespace MlOps.Core.IO;

/// <summary>
/// The key=value files the targets write for the tool and the test checks (one setting per line, list keys
/// repeated). Written only when different, such a file is also the settings cache that makes a changed
/// property rerun its target.
/// </summary>
public sealed class OptionsFile
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    public required string Path { get; init; }

    public static OptionsFile Read(string path)
    {
        if (!File.Exists(path))
            throw new MlOpsException(ErrorCodes.InvalidOptionsFile, $"The options file '{path}' does not exist.");
        var file = new OptionsFile { Path = path };
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var eq = line.IndexOf('=');
            if (eq <= 0)
                throw new MlOpsException(ErrorCodes.InvalidOptionsFile, "Expected key=value.", path, lineNumber);
            var key = line[..eq].Trim();
            if (!file._values.TryGetValue(key, out var list)) file._values[key] = list = [];
            list.Add(line[(eq + 1)..].Trim());
        }
        return file;
    }

    /// <summary>The last value set for a key, or null when it is absent or empty.</summary>
    public string? Get(string key) =>
        _values.TryGetValue(key, out var list) && list.Count > 0 && list[^1].Length > 0 ? list[^1] : null;

    public string Require(string key) => Get(key)
        ?? throw new MlOpsException(ErrorCodes.InvalidOptionsFile, $"The options file lacks '{key}'.", Path);

    /// <summary>Every key with its non-empty values, keys in the order they first appear.</summary>
    public IEnumerable<(string Key, string Value)> Entries() =>
        _values.SelectMany(kv => kv.Value.Where(v => v.Length > 0).Select(v => (kv.Key, v)));

    public IReadOnlyList<string> All(string key) =>
        _values.TryGetValue(key, out var list) ? list.Where(v => v.Length > 0).ToList() : [];

    /// <summary>A ';'-separated MSBuild list, as the MlOps*Columns properties are.</summary>
    public IReadOnlyList<string> List(string key) =>
        All(key).SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
