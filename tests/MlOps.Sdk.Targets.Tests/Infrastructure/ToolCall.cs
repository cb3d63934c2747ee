namespace MlOps.Sdk.Targets.Tests.Infrastructure;

/// <summary>One start of the (fake) tool: its command and the options file it was given, as the fake tool recorded them.</summary>
public sealed record ToolCall(string Command, IReadOnlyList<string> Lines)
{
    public IEnumerable<string> Keys => Options.Select(o => o.Key).Distinct();

    public IEnumerable<(string Key, string Value)> Options =>
        Lines.Where(l => !l.StartsWith("#flag ", StringComparison.Ordinal)).Select(l => (l[..l.IndexOf('=')], l[(l.IndexOf('=') + 1)..]));

    public IEnumerable<string> Flags => Lines.Where(l => l.StartsWith("#flag ", StringComparison.Ordinal)).Select(l => l["#flag ".Length..]);

    /// <summary>The one value of a key (fails when the key is missing or repeated).</summary>
    public string this[string key] => Options.Where(o => o.Key == key).Select(o => o.Value).Single();

    public IReadOnlyList<string> All(string key) => Options.Where(o => o.Key == key).Select(o => o.Value).ToList();

    public override string ToString() => $"{Command}: {string.Join(" | ", Lines)}";
}
