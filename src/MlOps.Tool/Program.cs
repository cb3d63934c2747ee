using MlOps.Tool;

// The SDK's targets start this tool as `dotnet MlOps.Tool.dll COMMAND OPTIONSFILE [FLAGS]` (see ToolRunner).
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
return await ToolRunner.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
