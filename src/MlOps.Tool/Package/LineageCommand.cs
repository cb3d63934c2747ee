namespace MlOps.Tool.Package;

/// <summary>lineage (`-t:MlOpsLineage`): prints where a published model came from, fetched and verified like a baseline.</summary>
public static class LineageCommand
{
    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var fetched = await ModelCommands.FetchAsync(options, project, "MlOpsLineageOf", log, cancellation);
        var lineage = Lineage.Read(fetched.Folder, fetched.Package);
        log.WriteLine($"MlOps: lineage of {fetched.Origin}");
        log.WriteLine(lineage.ToText());
        return 0;
    }
}
