namespace MlOps.Tool;

/// <summary>The keys a command reads from its options file: those the targets always write, and those they may.</summary>
public sealed record OptionKeys(IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    /// <summary>These keys and another reader's (e.g. a command that also reads sample rows).</summary>
    public OptionKeys With(OptionKeys other) => new([.. Required, .. other.Required], [.. Optional, .. other.Optional]);
}

/// <summary>What a handler gets: its checked options, the flags after the options file, the log and the cancellation.</summary>
public sealed record CommandRun(OptionsFile Options, IReadOnlyList<string> Flags, TextWriter Log, CancellationToken Cancellation)
{
    public bool Flag(string name) => Flags.Contains(name);

    /// <summary>The value of a --name=value flag, or null.</summary>
    public string? FlagValue(string name) =>
        Flags.FirstOrDefault(f => f.StartsWith($"{name}=", StringComparison.Ordinal))?[(name.Length + 1)..];
}

/// <summary>
/// One tool command: the name the targets start it by, the option keys it reads, the code of its unexpected failure
/// (a bug, reported with the stack trace) and its handler (0 = success).
/// </summary>
public sealed record ToolCommand(string Name, OptionKeys Keys, string FailureCode, Func<CommandRun, Task<int>> Run)
{
    /// <summary>A command that only reads and writes local files, so it has nothing to await.</summary>
    public static ToolCommand Local(string name, OptionKeys keys, string failureCode, Func<CommandRun, int> run) =>
        new(name, keys, failureCode, r => Task.FromResult(run(r)));
}
