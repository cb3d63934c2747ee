using System.Globalization;
using MlOps.Core.Diagnostics;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Execution;

/// <summary>
/// What the measured memory means for the user: data that alone fills an explicit MlOpsMaxMemoryMB fails before any
/// fit (MLOPS3030) rather than crash later; the default ceiling only warns. A final model fitted on fewer rows than the
/// training data, to stay under the ceiling, is a warning (MLOPS3031) naming both counts.
/// </summary>
internal static class MemoryCheck
{
    public static IReadOnlyList<MlOpsWarning> AfterLoad(MemoryBudget memory, string? file)
    {
        if (memory.BaselineBytes <= memory.CeilingBytes) return [];
        var text = string.Create(CultureInfo.InvariantCulture,
            $"The loaded data alone takes {Mb(memory.BaselineBytes)} MB (the process's measured resident set before any fit), over the memory ceiling of {memory.CeilingMB} MB");
        if (memory.Explicit)
            throw new MlOpsException(ErrorCodes.MemoryCeilingTooLow,
                $"{text} (MlOpsMaxMemoryMB). Raise MlOpsMaxMemoryMB above {Mb(memory.BaselineBytes) + 256} MB, or train on fewer rows.", file);
        return [new MlOpsWarning(ErrorCodes.RowsCappedByMemory, $"{text} (the default; set MlOpsMaxMemoryMB to change it). Fits use as few rows as the search allows.", file)];
    }

    public static IReadOnlyList<MlOpsWarning> AfterRefit(TrialEvaluator evaluator, string trainer, string? file) =>
        evaluator.LastFitRows >= Math.Min(evaluator.RefitRows, evaluator.RefitLimit ?? int.MaxValue) || evaluator.Memory is not { } memory ? []
            : [new MlOpsWarning(ErrorCodes.RowsCappedByMemory, string.Create(CultureInfo.InvariantCulture,
                $"The final model was fitted on a seeded sample of {evaluator.LastFitRows} of {evaluator.RefitRows} training rows, to stay under the memory ceiling of {memory.CeilingMB} MB ({(memory.Explicit ? "MlOpsMaxMemoryMB" : "the default; set MlOpsMaxMemoryMB to change it")}); {memory.Describe(trainer)}."), file)];

    private static long Mb(long bytes) => bytes >> 20;
}
