using MlOps.Tool.Package;

namespace MlOps.Tool.Package;

/// <summary>
/// baseline: MlOpsBaselineModel names a published model (nuget:&lt;id&gt;@&lt;version|latest&gt;): fetch and verify it into
/// obj/, and write the path of its model.zip for the champion/challenger check. -t:MlOpsCompare resolves
/// MlOpsCompareBaseline the same way (Setting names the property and Purpose says what for, in errors and the log).
/// </summary>
public static class BaselineCommand
{
    /// <summary>Beyond the model reference's keys (<see cref="ModelCommands.Keys"/>).</summary>
    public static readonly OptionKeys Keys = new(["ResultFile"], ["Setting", "Purpose"]);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var fetched = await ModelCommands.FetchAsync(options, project, options.Get("Setting") ?? "MlOpsBaselineModel", log, cancellation);
        var model = Path.Combine(fetched.Folder, MlOps.Core.Artifacts.ArtifactFiles.Model);
        var result = options.Require("ResultFile");
        AtomicFile.WriteAllText(result, model);
        log.WriteLine($"MlOps: {options.Get("Purpose") ?? "champion/challenger"} baseline: {fetched.Origin}");
        return 0;
    }
}
