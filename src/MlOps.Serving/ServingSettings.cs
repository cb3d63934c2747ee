using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using MlOps.Core.Diagnostics;

namespace MlOps.Serving;

/// <summary>
/// Reads one <see cref="ServingOptions"/> setting at a time with a message that names both spellings, and maps the
/// MLOPS_* variables (what containers and the docs have always used) onto the MlOps section's keys.
/// </summary>
internal sealed class ServingSettings(IConfigurationSection section)
{
    /// <summary>MlOps:CaptureDir's alias is MLOPS_CAPTURE_DIR: upper-case, words split by '_'.</summary>
    public static string AliasOf(string key)
    {
        var alias = new StringBuilder("MLOPS");
        for (var i = 0; i < key.Length; i++)
        {
            // A new word starts at an upper-case letter after a lower-case one ("DriftMinRows"), not inside "MB".
            if (char.IsUpper(key[i]) && (i == 0 || char.IsLower(key[i - 1]))) alias.Append('_');
            alias.Append(char.ToUpperInvariant(key[i]));
        }
        return alias.ToString();
    }

    /// <summary>The MLOPS_* variables as MlOps:* keys. Added below the environment-variable source, so MlOps__X
    /// variables and --MlOps:X arguments win over an alias, and an alias wins over appsettings.json.</summary>
    public sealed class AliasSource : MemoryConfigurationSource
    {
        public AliasSource()
        {
            InitialData = typeof(ServingOptions).GetProperties()
                .Select(p => (Key: $"{ServingOptions.Section}:{p.Name}", Value: Environment.GetEnvironmentVariable(AliasOf(p.Name))))
                .Where(x => !string.IsNullOrEmpty(x.Value))
                .ToDictionary(x => x.Key, x => x.Value);
        }
    }

    public string? Text(string key) => section[key] is { Length: > 0 } text ? text.Trim() : null;

    public long Whole(string key, long fallback, long min, long max)
    {
        if (Text(key) is not { } text) return fallback;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            throw Invalid(key, text, $"not a whole number of at least {min}");
        return Math.Min(value, max);
    }

    public double Fraction(string key, double fallback)
    {
        if (Text(key) is not { } text) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1 || double.IsNaN(value))
            throw Invalid(key, text, "not a number from 0 to 1");
        return value;
    }

    public T Choice<T>(string key, T fallback) where T : struct, Enum
    {
        if (Text(key) is not { } text) return fallback;
        if (!Enum.TryParse<T>(text, ignoreCase: true, out var value) || !Enum.IsDefined(value) || text.All(char.IsAsciiDigit))
            throw Invalid(key, text, $"not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return value;
    }

    /// <summary>A value only <paramref name="parse"/> understands (null: not understood, MLOPS6003 naming <paramref name="what"/>).</summary>
    public T? Parsed<T>(string key, Func<string, T?> parse, string what) where T : struct
    {
        if (Text(key) is not { } text) return null;
        return parse(text) ?? throw Invalid(key, text, what);
    }

    public IReadOnlyList<string> List(string key) =>
        Text(key) is { } text ? [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [];

    private static MlOpsException Invalid(string key, string text, string what) => new(ErrorCodes.ServingInvalidSetting,
        $"{ServingOptions.Section}:{key} ({AliasOf(key)}) is '{text}', which is {what}.");
}
