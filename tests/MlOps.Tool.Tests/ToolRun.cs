namespace MlOps.Tool.Tests;

/// <summary>Runs the tool in process, as `dotnet MlOps.Tool.dll COMMAND OPTIONSFILE [FLAGS]` would, on an options file written from lines.</summary>
internal static class ToolRun
{
    public sealed record Result(int Exit, string Log, string Usage);

    public static async Task<Result> Command(string command, TempDir dir, IEnumerable<string> options, params string[] flags)
    {
        var file = dir.Write($"{command}.options", string.Join('\n', options));
        return await Args([command, file, .. flags]);
    }

    public static async Task<Result> Args(params string[] args)
    {
        using var log = new StringWriter();
        using var usage = new StringWriter();
        var exit = await ToolRunner.RunAsync(args, log, usage, CancellationToken.None);
        return new Result(exit, log.ToString(), usage.ToString());
    }
}
