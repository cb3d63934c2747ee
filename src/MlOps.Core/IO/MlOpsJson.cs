using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlOps.Core.IO;

/// <summary>One JSON style for every file the SDK writes: camelCase, indented, enums as names, nulls omitted.</summary>
public static class MlOpsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        // Metrics can be NaN (e.g. AUC on a one-class fold); keep the file valid JSON for every reader.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Explicit, so hosts that turn reflection-based serialization off by default (trimmed apps) still read our files.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    public static T Read<T>(string path) => Deserialize<T>(File.ReadAllText(path));

    /// <summary>The same style on one line: a record of an append-only .jsonl history.</summary>
    public static readonly JsonSerializerOptions OneLine = new(Options) { WriteIndented = false };

    /// <summary>Appends <paramref name="value"/> as one line of a .jsonl file (created when absent).</summary>
    public static void AppendLine<T>(string path, T value) => File.AppendAllText(path, JsonSerializer.Serialize(value, OneLine) + "\n");

    /// <summary>The records of a .jsonl file, oldest first (none when the file is absent).</summary>
    public static IReadOnlyList<T> ReadLines<T>(string path) => File.Exists(path)
        ? [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<T>(l, OneLine)!)]
        : [];
}
