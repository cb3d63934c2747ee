using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.IO;
using MlOps.Core.Schema;

namespace MlOps.Serving.Model;

/// <summary>
/// The small files of a model folder, read eagerly at Build so a wrong folder fails before the server listens.
/// model.zip is only located here; <see cref="Scoring.Predictor"/> loads it in the background.
/// </summary>
public sealed class ModelFiles
{
    private ModelFiles(string folder, string? version, DataSchema schema, string manifestJson, Manifest manifest, string? cardHtml)
    {
        CardHtml = cardHtml;
        Folder = folder;
        Version = version is { Length: > 0 } ? version : "unknown";
        Schema = schema;
        ManifestJson = manifestJson;
        Manifest = manifest;
    }

    public string Folder { get; }
    public string ModelPath => Path.Combine(Folder, ArtifactFiles.Model);
    public DataSchema Schema { get; }
    /// <summary>manifest.json exactly as written by the build, served by GET /model.</summary>
    public string ManifestJson { get; }
    public Manifest Manifest { get; }
    /// <summary>model-card.html as the build wrote it, served by GET /; null when the build wrote none (MlOpsModelCard=false).</summary>
    public string? CardHtml { get; }

    /// <summary>The model version (the model project's $(Version), which the generated host carries), or "unknown".</summary>
    public string Version { get; }
    /// <summary>SHA-256 of model.zip, from the manifest: which bytes are served, whatever the version says.</summary>
    public string Sha256 => Manifest.ModelSha256;
    public string Trainer => Manifest.BestTrainer.Trainer;

    /// <param name="version">The model version; the manifest has none (a new version must not retrain).</param>
    public static ModelFiles Read(string folder, string? version)
    {
        folder = Path.GetFullPath(folder);
        foreach (var name in new[] { ArtifactFiles.Model, ArtifactFiles.Schema, ArtifactFiles.Manifest })
            if (!File.Exists(Path.Combine(folder, name)))
                throw new MlOpsException(ErrorCodes.ServingModelMissing,
                    $"The model folder '{folder}' has no {name}. Point the service at the mlops/ folder a `dotnet build` of the model project wrote.",
                    Path.Combine(folder, name));
        try
        {
            var schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(folder, ArtifactFiles.Schema)));
            var manifestJson = File.ReadAllText(Path.Combine(folder, ArtifactFiles.Manifest));
            var manifest = MlOpsJson.Deserialize<Manifest>(manifestJson);
            var card = Path.Combine(folder, ArtifactFiles.ModelCardHtml);
            return new ModelFiles(folder, version, schema, manifestJson, manifest, File.Exists(card) ? File.ReadAllText(card) : null);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or IOException)
        {
            throw new MlOpsException(ErrorCodes.ServingModelUnreadable,
                $"The model folder '{folder}' cannot be served: {e.Message} Rebuild the model project.", folder);
        }
    }
}
