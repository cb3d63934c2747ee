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
    private readonly Dictionary<string, int> _firstLine = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The keys a reader declared (<see cref="Expect"/>); null reads any key.</summary>
    private HashSet<string>? _declared;

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
            if (!file._values.TryGetValue(key, out var list))
            {
                file._values[key] = list = [];
                file._firstLine[key] = lineNumber;
            }
            list.Add(line[(eq + 1)..].Trim());
        }
        return file;
    }

    /// <summary>
    /// Checks the file against the keys its reader declares: a required key that is absent, or a key the reader does
    /// not know (a typo on either side would otherwise read as null), is an error naming the key and the file. From
    /// then on, reading an undeclared key is a bug in the reader and throws.
    /// </summary>
    /// <param name="reader">Who reads the file, for the message (e.g. "the tool's train command").</param>
    public void Expect(string reader, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional)
    {
        var missing = required.Where(k => !_values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new MlOpsException(ErrorCodes.OptionsKeyMissing,
                $"The options file lacks {Keys(missing)}, which {reader} needs (an SDK bug: please report it).", Path);
        _declared = new HashSet<string>([.. required, .. optional], StringComparer.OrdinalIgnoreCase);
        var unknown = _values.Keys.Where(k => !_declared.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new MlOpsException(ErrorCodes.OptionsKeyUnknown,
                $"The options file has {Keys(unknown)}, which {reader} does not read; it reads {string.Join(", ", _declared.Order(StringComparer.Ordinal))}.",
                Path, _firstLine[unknown[0]]);
    }

    private static string Keys(IReadOnlyList<string> keys) =>
        (keys.Count == 1 ? "the key " : "the keys ") + string.Join(", ", keys.Select(k => $"'{k}'"));

    /// <summary>The last value set for a key, or null when it is absent or empty.</summary>
    public string? Get(string key) =>
        Values(key) is { Count: > 0 } list && list[^1].Length > 0 ? list[^1] : null;

    public string Require(string key) => Get(key)
        ?? throw new MlOpsException(ErrorCodes.OptionsKeyMissing, $"The options file has no value for '{key}'.", Path, _firstLine.GetValueOrDefault(key) is > 0 and var line ? line : null);

    /// <summary>Every key with its non-empty values, keys in the order they first appear.</summary>
    public IEnumerable<(string Key, string Value)> Entries() =>
        _values.SelectMany(kv => kv.Value.Where(v => v.Length > 0).Select(v => (kv.Key, v)));

    public IReadOnlyList<string> All(string key) => Values(key)?.Where(v => v.Length > 0).ToList() ?? [];

    private List<string>? Values(string key)
    {
        if (_declared is not null && !_declared.Contains(key))
            throw new InvalidOperationException($"'{key}' is read from {Path} but not declared by its reader.");
        return _values.GetValueOrDefault(key);
    }

    /// <summary>A ';'-separated MSBuild list, as the MlOps*Columns properties are.</summary>
    public IReadOnlyList<string> List(string key) =>
        All(key).SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
