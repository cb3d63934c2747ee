using MlOps.Core.Diagnostics;
using MlOps.Tool;

// The SDK's targets start this tool as `dotnet MlOps.Tool.dll COMMAND OPTIONSFILE`.
// Errors go to stdout in MSBuild's canonical format so the build shows them as real errors.
if (args.Length != 2 || args[0] != "train")
{
    Console.Error.WriteLine("usage: MlOps.Tool train <options-file>");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    var options = OptionsFile.Read(args[1]);
    return TrainCommand.Run(options, Console.Out, cancellation.Token);
}
catch (MlOpsException ex)
{
    Console.Out.WriteLine(ex.ToCanonical());
    return 1;
}
catch (OperationCanceledException)
{
    Console.Out.WriteLine("MlOps: training cancelled; the previous outputs are untouched.");
    return 1;
}
catch (Exception ex)
{
    Console.Out.WriteLine(CanonicalMessage.Format("error", ErrorCodes.TrainingFailed,
        $"Training failed unexpectedly: {ex.GetType().Name}: {ex.Message}. Please report this with the build log (-v:d shows the stack trace)."));
    Console.Out.WriteLine(ex.ToString().ReplaceLineEndings(Environment.NewLine + "  "));
    return 1;
}
