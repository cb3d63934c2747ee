using MlOps.Core.Diagnostics;

namespace MlOps.Tool;

/// <summary>
/// `MlOps.Tool COMMAND OPTIONSFILE [FLAGS]`: finds the command, checks its options file against the keys it declares,
/// runs it, and turns every failure into one MSBuild canonical error on <c>log</c> (the build shows them as real errors).
/// Flags stay out of the options file on purpose: that file is the incremental-build cache, and a one-off flag such as
/// --update-schema must not make the next build retrain.
/// </summary>
public static class ToolRunner
{
    /// <returns>0 on success, 1 on a reported error, 2 on a usage error (no such command, no options file given).</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter log, TextWriter usage, CancellationToken cancellation)
    {
        var command = args.Count >= 2 ? ToolCommands.Find(args[0]) : null;
        if (command is null)
        {
            usage.WriteLine(args.Count >= 2 ? $"MlOps.Tool: unknown command '{args[0]}'." : "MlOps.Tool: a command and an options file are needed.");
            usage.WriteLine(ToolCommands.Usage);
            return 2;
        }
        try
        {
            var options = OptionsFile.Read(args[1]);
            options.Expect($"the tool's {command.Name} command", command.Keys.Required, command.Keys.Optional);
            return await command.Run(new CommandRun(options, args.Skip(2).ToList(), log, cancellation));
        }
        catch (ContractBrokenException)
        {
            return 1; // each violation was already printed as an error
        }
        catch (MlOpsException ex)
        {
            log.WriteLine(ex.ToCanonical());
            return 1;
        }
        catch (OperationCanceledException)
        {
            log.WriteLine($"MlOps: {What(command)} cancelled; the previous outputs are untouched.");
            return 1;
        }
        catch (Exception ex)
        {
            log.WriteLine(CanonicalMessage.Format("error", command.FailureCode,
                $"{(command.Name == "train" ? "Training" : $"MlOps {command.Name}")} failed unexpectedly: {ex.GetType().Name}: {ex.Message}. Please report this with the build log (-v:d shows the stack trace)."));
            log.WriteLine(ex.ToString().ReplaceLineEndings(Environment.NewLine + "  "));
            return 1;
        }
    }

    private static string What(ToolCommand command) => command.Name == "train" ? "training" : command.Name;
}
