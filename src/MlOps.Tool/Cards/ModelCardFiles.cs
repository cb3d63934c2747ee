using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Core.Schema;

namespace MlOps.Tool.Cards;

/// <summary>
/// Reads a model's output folder and writes model-card.md, model-card.html and model-card.json (the card's
/// machine-readable front matter) into it, each by temp file + rename.
/// </summary>
public static class ModelCardFiles
{
    public const string Markdown = "model-card.md";
    public const string Html = ArtifactFiles.ModelCardHtml;
    public const string Json = "model-card.json";

    /// <summary>The card input from a model's output folder (manifest.json, metrics.json, schema.json).</summary>
    public static ModelCardInput Load(string modelFolder, string name, string version, string? description, string? repositoryUrl) => new()
    {
        Name = name,
        Version = version,
        Description = string.IsNullOrWhiteSpace(description) ? ModelCardInput.DefaultDescription : description.Trim(),
        RepositoryUrl = repositoryUrl,
        Manifest = MlOpsJson.Read<Manifest>(Path.Combine(modelFolder, ArtifactFiles.Manifest)),
        Metrics = MlOpsJson.Read<MetricsReport>(Path.Combine(modelFolder, ArtifactFiles.Metrics)),
        Schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(modelFolder, ArtifactFiles.Schema))),
    };

    public static void Write(string folder, ModelCardInput card)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, Markdown), MarkdownCard.Render(card));
        AtomicFile.WriteAllText(Path.Combine(folder, Html), HtmlCard.Render(card));
        AtomicFile.WriteAllText(Path.Combine(folder, Json), MlOpsJson.Serialize(ModelCardMetadata.From(card)) + "\n");
    }
}
