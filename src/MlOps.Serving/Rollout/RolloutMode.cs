using System.Globalization;
using System.Text;

namespace MlOps.Serving.Rollout;

/// <summary>The four modes of docs/rollout.md ("Modes"), by their MLOPS_ROLLOUT and mlops_rollout_mode names.</summary>
public enum RolloutKind { Off, Shadow, Canary, Champion }

/// <summary>
/// MLOPS_ROLLOUT: who answers a row and who else scores it off the request path. Canary routes by key: a key goes to
/// the challenger when FNV-1a-64(key) mod 10000 &lt; percent × 100, so a key always meets the same model and raising the
/// percentage only moves keys from the champion to the challenger.
/// </summary>
public readonly record struct RolloutMode(RolloutKind Kind, double CanaryPercent = 0)
{
    public static readonly IReadOnlyList<RolloutKind> Kinds = Enum.GetValues<RolloutKind>();

    /// <summary>The mode's name in MLOPS_ROLLOUT and the mode label (canary without its percentage).</summary>
    public string Name => NameOf(Kind);

    public static string NameOf(RolloutKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Whether the model that did not answer scores the row in the background.</summary>
    public bool HasShadow => Kind is RolloutKind.Shadow or RolloutKind.Canary;

    /// <summary>Who answers a row with this routing key (the key matters in canary only).</summary>
    public ModelRole Answering(string key) => Kind switch
    {
        RolloutKind.Off => ModelRole.Challenger,
        RolloutKind.Canary => Bucket(key) < CanaryPercent * 100 ? ModelRole.Challenger : ModelRole.Champion,
        _ => ModelRole.Champion,
    };

    /// <summary>FNV-1a-64 of the key's UTF-8 bytes, mod 10000.</summary>
    public static int Bucket(string key)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(key, buffer)] : Encoding.UTF8.GetBytes(key);
        foreach (var b in bytes) hash = (hash ^ b) * 1099511628211UL;
        return (int)(hash % 10000);
    }

    /// <summary>off, shadow, champion or canary:&lt;percent&gt; (0–100, decimals allowed), any case; null when malformed.</summary>
    public static RolloutMode? TryParse(string text)
    {
        var colon = text.IndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        if (!Enum.TryParse<RolloutKind>(name, ignoreCase: true, out var kind) || name.Any(char.IsAsciiDigit)) return null;
        if (kind != RolloutKind.Canary) return colon < 0 ? new RolloutMode(kind) : null;
        return colon >= 0 && double.TryParse(text.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            && percent is >= 0 and <= 100 ? new RolloutMode(kind, percent) : null;
    }

    /// <summary>A confidence for one-sided bounds: strictly between 0.5 and 1; null otherwise.</summary>
    public static double? Confidence(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0.5 and < 1 ? value : null;
}
