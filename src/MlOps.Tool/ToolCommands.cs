using MlOps.Core.Diagnostics;
using MlOps.Tool.Package;
using MlOps.Tool.Rollout;

namespace MlOps.Tool;

/// <summary>The tool's commands, each declared once: the usage text and the dispatch both come from this table.</summary>
public static class ToolCommands
{
    public static readonly IReadOnlyList<ToolCommand> All =
    [
        new("train", TrainCommand.Keys, ErrorCodes.TrainingFailed, r => Task.FromResult(
            TrainCommand.Run(r.Options, r.Flag("--update-schema"), r.FlagValue("--display-output"), r.FlagValue("--run-history"), r.Log, r.Cancellation))),
        ToolCommand.Local("checks", ChecksCommand.Keys, ErrorCodes.ChecksUnexpected, r => ChecksCommand.Run(r.Options, r.Log)),
        ToolCommand.Local("card", CardCommand.Keys, ErrorCodes.ModelCardUnexpected, r => CardCommand.Run(r.Options, r.Log)),
        ToolCommand.Local("compare", CompareCommand.Keys, ErrorCodes.CompareUnexpected, r => CompareCommand.Run(r.Options, r.Log)),
        ToolCommand.Local("api", ApiCommand.Keys, ErrorCodes.ApiUnexpected, r => ApiCommand.Run(r.Options, r.Log)),
        new("deploy", DeployCommand.Keys, ErrorCodes.DeployUnexpected, r => DeployCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        ToolCommand.Local("monitoring", MonitoringCommand.Keys, ErrorCodes.MonitoringUnexpected, r => MonitoringCommand.Run(r.Options, r.Log)),
        new("smoke", SmokeCommand.Keys, ErrorCodes.SmokeUnexpected, r => SmokeCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        new("base-image", BaseImageCommand.Keys, ErrorCodes.BaseImageUnexpected, r => BaseImageCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        ToolCommand.Local("package-info", PackageInfoCommand.Keys, ErrorCodes.PackageInfoUnexpected, r => PackageInfoCommand.Run(r.Options, r.Log)),
        new("package-push", PackagePushCommand.Keys, ErrorCodes.PackagePushUnexpected, r => PackagePushCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        new("baseline", ModelCommands.Keys.With(BaselineCommand.Keys), ErrorCodes.BaselineUnexpected, r => BaselineCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        new("lineage", ModelCommands.Keys, ErrorCodes.LineageUnexpected, r => LineageCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        new("artifact", ArtifactCommand.Keys, ErrorCodes.ArtifactUnexpected, r => ArtifactCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        new("rollout-decision", RolloutDecisionCommand.Keys, ErrorCodes.RolloutDecisionUnexpected, r => RolloutDecisionCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        new("rollout-pair", RolloutPairCommand.Keys, ErrorCodes.RolloutPairUnexpected, r => RolloutPairCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        ToolCommand.Local("sbom", Sbom.SbomCommand.Keys, ErrorCodes.SbomUnexpected, r => Sbom.SbomCommand.Run(r.Options, r.Log)),
        new("image-index", ImageIndexCommand.Keys, ErrorCodes.ImageIndexUnexpected, r => ImageIndexCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        ToolCommand.Local("image-labels", ImageLabelsCommand.Keys, ErrorCodes.ImageLabelsUnexpected, r => ImageLabelsCommand.Run(r.Options, r.Log)),
        ToolCommand.Local("published", PublishedCommand.Keys, ErrorCodes.PublishedUnexpected, r => PublishedCommand.Run(r.Options, r.Log)),
        new("promote", RolloutRepositories.Keys, ErrorCodes.PromoteUnexpected, r => PromoteCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
        new("rollback", RolloutRepositories.Keys, ErrorCodes.RollbackUnexpected, r => RollbackCommand.RunAsync(r.Options, r.Log, r.Cancellation)),
    ];

    public static ToolCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    public static string Usage =>
        $"usage: MlOps.Tool {string.Join('|', All.Select(c => c.Name))} <options-file> [flags] (train: --update-schema, --display-output=<folder>, --run-history=<folder>)";
}
