using Microsoft.Build.Framework;

namespace MlOps.Sdk.Tasks;

/// <summary>
/// Writes a command's options file ahead of the target that runs the tool, for the commands whose target lists the
/// file in its Inputs (train, api, card, checks): the file must be current before MSBuild compares time stamps.
/// Commands that always run pass their options to <see cref="MlOpsTool"/> directly.
/// </summary>
public sealed class MlOpsWriteOptions : Microsoft.Build.Utilities.Task
{
    /// <summary>The options file (its folder is created).</summary>
    [Required] public string File { get; set; } = "";

    /// <summary>One item per line, <c>Key=Value</c>.</summary>
    public ITaskItem[] Options { get; set; } = [];

    public override bool Execute()
    {
        OptionsFile.WriteIfChanged(File, Options);
        return true;
    }
}
