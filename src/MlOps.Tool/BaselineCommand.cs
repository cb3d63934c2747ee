using MlOps.Core.Diagnostics;

namespace MlOps.Tool;

/// <summary>baseline: fetches a published baseline (MlOpsBaselineModel=oci:…) into obj/ before the checks are validated.</summary>
public static class BaselineCommand
{
    public static int Run(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        try
        {
            BaselineSources.Fetch(options.Require("BaselineSource"), options.Require("BaselineDirectory"), log, cancellation);
            return 0;
        }
        catch (MlOpsException e) when (e.File is null)
        {
            throw new MlOpsException(e.Code, e.Message, project.Path, project.LineOf("MlOpsBaselineModel"));
        }
    }
}
