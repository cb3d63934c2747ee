using System.Globalization;
using MlOps.Core.Diagnostics;

namespace MlOps.Serving;

/// <summary>Service settings from the environment (the container's natural configuration channel).</summary>
public sealed record ServingOptions
{
    public const string MaxBodyBytesVariable = "MLOPS_MAX_BODY_BYTES";
    public const string DriftWindowVariable = "MLOPS_DRIFT_WINDOW";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;
    /// <summary>How many of the most recent inputs the drift gauges compare with the training distribution.</summary>
    public int DriftWindow { get; init; } = 1000;

    public static ServingOptions FromEnvironment() => new()
    {
        MaxBodyBytes = Read(MaxBodyBytesVariable, 1024 * 1024),
        DriftWindow = (int)Math.Min(Read(DriftWindowVariable, 1000), 10_000_000),
    };

    private static long Read(string variable, long fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        // A typo in a limit must stop the container, not silently serve with the default.
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new MlOpsException(ErrorCodes.ServingInvalidSetting,
                $"{variable} is '{text}', which is not a whole number greater than 0.");
        return value;
    }
}
