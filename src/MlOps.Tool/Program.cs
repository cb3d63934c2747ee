using MlOps.Core.Diagnostics;
using MlOps.Tool;
using MlOps.Tool.Package;

// The SDK's targets start this tool as `dotnet MlOps.Tool.dll COMMAND OPTIONSFILE [FLAGS]`.
// Errors go to stdout in MSBuild's canonical format so the build shows them as real errors.
// Flags stay out of the options file on purpose: that file is the incremental-build cache, and a one-off
// flag such as --update-schema must not make the next build retrain.
if (args.Length < 2 || args[0] is not ("train" or "checks" or "deploy" or "smoke" or "card" or "api" or "package-info" or "package-push" or "baseline" or "lineage" or "artifact" or "base-image" or "image-labels"))
{
    Console.Error.WriteLine("usage: MlOps.Tool train <options-file> [--update-schema] | checks|deploy|smoke|card|api|package-info|package-push|baseline|lineage|artifact|base-image|image-labels <options-file>");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
try
{
    var options = OptionsFile.Read(args[1]);
    return args[0] switch
    {
        "checks" => ChecksCommand.Run(options, Console.Out),
        "deploy" => DeployCommand.Run(options, Console.Out),
        "smoke" => SmokeCommand.Run(options, Console.Out, cancellation.Token),
        "card" => CardCommand.Run(options, Console.Out),
        "api" => ApiCommand.Run(options, Console.Out),
        "package-info" => PackageInfoCommand.Run(options, Console.Out),
        "package-push" => PackagePushCommand.Run(options, Console.Out, cancellation.Token),
        "baseline" => BaselineCommand.Run(options, Console.Out, cancellation.Token),
        "lineage" => LineageCommand.Run(options, Console.Out, cancellation.Token),
        "artifact" => ArtifactCommand.Run(options, Console.Out, cancellation.Token),
        "base-image" => BaseImageCommand.Run(options, Console.Out, cancellation.Token),
        "image-labels" => ImageLabelsCommand.Run(options, Console.Out),
        _ => TrainCommand.Run(options, updateSchema: args.Contains("--update-schema"),
            displayOutput: args.FirstOrDefault(a => a.StartsWith("--display-output=", StringComparison.Ordinal))?["--display-output=".Length..],
            Console.Out, cancellation.Token),
    };
}
catch (ContractBrokenException)
{
    return 1; // each violation was already printed as an error
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
        $"{(args[0] == "train" ? "Training" : $"MlOps {args[0]}")} failed unexpectedly: {ex.GetType().Name}: {ex.Message}. Please report this with the build log (-v:d shows the stack trace)."));
    Console.Out.WriteLine(ex.ToString().ReplaceLineEndings(Environment.NewLine + "  "));
    return 1;
}
