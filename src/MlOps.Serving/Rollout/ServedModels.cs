using MlOps.Core.Diagnostics;
using MlOps.Core.Rollout;
using MlOps.Serving.Model;

namespace MlOps.Serving.Rollout;

/// <summary>
/// The models of the image and the running mode (docs/rollout.md): the challenger in the model folder, and the
/// champion in its <c>champion/</c> subfolder when publish baked one (its version from <c>rollout.json</c>). Read at
/// Build, so a bad mode, routing column or a champion that does not fit the challenger stops the service before it
/// listens (MLOPS6050–6052). In <c>off</c> the champion is not read at all: the image behaves as a one-model image.
/// </summary>
public sealed class ServedModels
{
    public ServedModels(ModelFiles challenger, ServingOptions options)
    {
        var championFolder = Path.Combine(challenger.Folder, RolloutFile.ChampionFolder);
        var hasChampion = Directory.Exists(championFolder);
        Mode = options.Rollout ?? new RolloutMode(hasChampion ? RolloutKind.Shadow : RolloutKind.Off);
        if (Mode.Kind != RolloutKind.Off && !hasChampion)
            throw new MlOpsException(ErrorCodes.RolloutNoChampion,
                $"MlOps:Rollout (MLOPS_ROLLOUT) is '{Mode.Name}', but the image has no champion ({championFolder} does not exist). " +
                "Publish with MlOpsBaselineModel set to bake one in, or run with MLOPS_ROLLOUT=off.", championFolder);
        if (options.RoutingColumn is { } column && challenger.Schema.Find(column) is null)
            throw new MlOpsException(ErrorCodes.RolloutRoutingColumnUnknown,
                $"MlOps:RoutingColumn (MLOPS_ROUTING_COLUMN) is '{column}', which the schema does not have; its columns are " +
                $"{string.Join(", ", challenger.Schema.Columns.Select(c => $"'{c.Name}'"))}.", Path.Combine(challenger.Folder, Core.Artifacts.ArtifactFiles.Schema));
        Challenger = new ServedModel(ModelRole.Challenger, challenger, challenger.Schema, options);
        if (Mode.Kind != RolloutKind.Off)
        {
            var files = ModelFiles.Read(championFolder, ChampionVersion(challenger.Folder));
            CheckFit(challenger, files);
            Champion = new ServedModel(ModelRole.Champion, files, challenger.Schema, options, Challenger.Layout);
        }
        All = Champion is null ? [Challenger] : [Challenger, Champion];
    }

    public RolloutMode Mode { get; }
    public ServedModel Challenger { get; }
    /// <summary>Null in a one-model image and in <c>off</c>.</summary>
    public ServedModel? Champion { get; }
    public IReadOnlyList<ServedModel> All { get; }
    public bool TwoModels => Champion is not null;
    /// <summary>Ready once every model is loaded and warmed up.</summary>
    public bool IsReady => All.All(m => m.Predictor.IsReady);

    public ServedModel this[ModelRole role] => role == ModelRole.Challenger ? Challenger : Champion ?? Challenger;

    /// <summary>The model that answers a row with this routing key.</summary>
    public ServedModel Answering(string key) => this[Mode.Answering(key)];

    /// <summary>The model that scores the row in the background after <paramref name="answering"/> answered; null when none does.</summary>
    public ServedModel? Shadow(ServedModel answering) => Mode.HasShadow ? this[answering.Role.Other()] : null;

    /// <summary>The champion's version: rollout.json's champion.version (publish writes it), else "unknown".</summary>
    private static string? ChampionVersion(string folder)
    {
        var path = Path.Combine(folder, RolloutFile.FileName);
        if (!File.Exists(path)) return null;
        try { return RolloutFile.Read(path).Champion?.Version; }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or IOException)
        {
            throw new MlOpsException(ErrorCodes.ServingModelUnreadable, $"{RolloutFile.FileName} cannot be read: {e.Message} Publish the image again.", path);
        }
    }

    /// <summary>The champion scores what the challenger accepts (Core's ChampionFit, the rule publish checks too); MLOPS6052 naming every mismatch.</summary>
    private static void CheckFit(ModelFiles challenger, ModelFiles champion)
    {
        var problems = ChampionFit.Problems(champion.Schema, challenger.Schema);
        if (problems.Count > 0)
            throw new MlOpsException(ErrorCodes.RolloutChampionMismatch,
                $"The champion in {champion.Folder} does not fit the challenger's input: {string.Join("; ", problems)}. " +
                "Publish with a baseline model of the same task, label and features, or run with MLOPS_ROLLOUT=off.",
                Path.Combine(champion.Folder, Core.Artifacts.ArtifactFiles.Schema));
    }
}
