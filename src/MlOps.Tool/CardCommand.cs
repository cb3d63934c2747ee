using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Tool.Cards;

namespace MlOps.Tool;

/// <summary>
/// card: writes model-card.md, model-card.html and model-card.json next to the model from its manifest, metrics and schema. A separate,
/// cheap step after training, so a new $(Version) or description rewrites the card without retraining.
/// </summary>
public static class CardCommand
{
    public static readonly OptionKeys Keys = new(["ModelFolder", "Name"], ["Version", "Description", "RepositoryUrl", "Owners", "License", "Contact", "Copyright"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var folder = options.Require("ModelFolder");
        ModelCardInput card;
        try
        {
            card = ModelCardFiles.Load(folder, options.Require("Name"), options.Get("Version") ?? "1.0.0",
                options.Get("Description"), options.Get("RepositoryUrl")) with
            {
                Owners = options.Get("Owners"),
                License = options.Get("License"),
                Copyright = options.Get("Copyright"),
                Contact = options.Get("Contact"),
            };
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new MlOpsException(ErrorCodes.ModelCardInputUnreadable,
                $"The model card needs {ArtifactFiles.Manifest}, {ArtifactFiles.Metrics} and {ArtifactFiles.Schema} in '{folder}': {e.Message} Rebuild to retrain.");
        }
        ModelCardFiles.Write(folder, card);
        log.WriteLine($"MlOps: model card written: {Path.Combine(folder, ModelCardFiles.Markdown)} and {ModelCardFiles.Html}");
        return 0;
    }
}
