using MlOps.Core.Diagnostics;

namespace MlOps.Tool;

/// <summary>
/// Which container runtime identifiers a model can be served on: a trainer whose native library has no build for a
/// RID cannot load there. From the packages the SDK references (runtimes/ folders): LightGBM 4.6 ships lib_lightgbm for
/// linux-x64 (and osx-x64, win-x64) only; Microsoft.ML and Microsoft.ML.CpuMath ship linux-x64, linux-arm64 and
/// linux-arm; Microsoft.ML.FastTree's native helper has linux-x64 only, with ML.NET's managed code used elsewhere.
/// </summary>
public static class NativeRuntimes
{
    private static readonly Dictionary<string, string[]> NativeOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LightGbm"] = ["linux-x64"],
    };

    /// <summary>A warning (MLOPS5070) for each requested RID the model's trainer has no native library for.</summary>
    public static IEnumerable<MlOpsWarning> Unsupported(string trainer, IEnumerable<string> runtimeIdentifiers, string? projectFile)
    {
        if (!NativeOnly.TryGetValue(trainer, out var supported)) yield break;
        foreach (var rid in runtimeIdentifiers.Where(r => !supported.Contains(r, StringComparer.OrdinalIgnoreCase)))
            yield return new MlOpsWarning(ErrorCodes.ContainerRuntimeUnsupported,
                $"The image is built for {rid}, but the model's trainer {trainer} needs LightGBM's native library, which has no {rid} build (only {string.Join(", ", supported)}): the service cannot load this model there. Remove {rid} from ContainerRuntimeIdentifiers, or restrict the search to other trainers.",
                projectFile);
    }
}
