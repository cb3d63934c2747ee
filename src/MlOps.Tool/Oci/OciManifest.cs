using System.Text.Json;

namespace MlOps.Tool.Oci;

/// <summary>An OCI content descriptor: what a manifest says about one blob.</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size, IReadOnlyDictionary<string, string>? Annotations = null)
{
    public string? Title => Annotations is not null && Annotations.TryGetValue(OciAnnotations.Title, out var t) ? t : null;
}

/// <summary>
/// An OCI image manifest as an artifact (artifactType + config + layers + annotations). <see cref="ToJson"/> writes
/// the same bytes for the same content (fixed field order, sorted annotations, compact), so an unchanged model
/// keeps its manifest digest.
/// </summary>
public sealed record OciManifest(string? ArtifactType, OciDescriptor Config, IReadOnlyList<OciDescriptor> Layers, IReadOnlyDictionary<string, string> Annotations)
{
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", OciMediaTypes.ImageManifest);
            if (ArtifactType is not null) w.WriteString("artifactType", ArtifactType);
            w.WritePropertyName("config");
            WriteDescriptor(w, Config);
            w.WriteStartArray("layers");
            foreach (var layer in Layers) WriteDescriptor(w, layer);
            w.WriteEndArray();
            WriteAnnotations(w, Annotations);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static void WriteDescriptor(Utf8JsonWriter w, OciDescriptor d)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", d.MediaType);
        w.WriteString("digest", d.Digest);
        w.WriteNumber("size", d.Size);
        // The empty config may carry its 2 bytes inline (base64 of "{}"), as the image spec suggests.
        if (d.Digest == OciMediaTypes.EmptyConfigDigest) w.WriteString("data", Convert.ToBase64String(OciMediaTypes.EmptyConfig));
        WriteAnnotations(w, d.Annotations);
        w.WriteEndObject();
    }

    private static void WriteAnnotations(Utf8JsonWriter w, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0) return;
        w.WriteStartObject("annotations");
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
    }

    /// <summary>Reads an image manifest; anything else (an index, a Docker manifest, not JSON) throws <see cref="FormatException"/>.</summary>
    public static OciManifest Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            var mediaType = root.TryGetProperty("mediaType", out var mt) ? mt.GetString() : null;
            if (mediaType != OciMediaTypes.ImageManifest)
                throw new FormatException($"it is not an OCI image manifest (mediaType '{mediaType ?? "none"}')");
            return new OciManifest(
                root.TryGetProperty("artifactType", out var at) ? at.GetString() : null,
                ReadDescriptor(root.GetProperty("config")),
                root.GetProperty("layers").EnumerateArray().Select(ReadDescriptor).ToList(),
                ReadAnnotations(root) ?? new Dictionary<string, string>());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"it is not a readable OCI manifest ({e.Message})", e);
        }
    }

    internal static OciDescriptor ReadDescriptor(JsonElement e) => new(
        e.GetProperty("mediaType").GetString()!, e.GetProperty("digest").GetString()!, e.GetProperty("size").GetInt64(), ReadAnnotations(e));

    private static Dictionary<string, string>? ReadAnnotations(JsonElement e) =>
        e.TryGetProperty("annotations", out var a) ? a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "") : null;
}
