using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Rollout;
using MlOps.Core.Schema;
using MlOps.Tool.Oci;
using MlOps.Tool.Package;

namespace MlOps.Tool.Rollout;

/// <summary>
/// rollout-pair: before `dotnet publish` builds the image, checks the rollout settings and, when MlOpsBaselineModel
/// names a champion (and MlOpsRolloutBaseline is not false), fetches and verifies it as the baseline check does,
/// checks it fits the challenger (MLOPS5060), and stages what the image gets (docs/rollout.md, "Two models in one
/// image"): &lt;OutputDirectory&gt;/champion/ (model.zip, schema.json, manifest.json) and rollout.json. Without a
/// champion it removes what an earlier publish staged, so the image has one model.
/// </summary>
public static class RolloutPairCommand
{
    /// <summary>Beyond <see cref="RolloutSettings.Keys"/>; Reference and the fetch's keys (<see cref="ModelCommands.Keys"/>) only with a champion.</summary>
    public static readonly OptionKeys Keys = RolloutSettings.Keys.With(new(
        ["ModelFolder", "Version", "OutputDirectory"], ["Reference", "CacheDirectory", "Feed", "RestoreConfigFile", "PublishRegistries"]));

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancellation)
    {
        var settings = RolloutSettings.Read(options);
        var project = new ProjectLines(options.Require("ProjectFile"));
        var output = options.Require("OutputDirectory");
        var championFolder = Path.Combine(output, RolloutFile.ChampionFolder);
        var rolloutFile = Path.Combine(output, RolloutFile.FileName);

        if (options.Get("Reference") is not { Length: > 0 } text)
        {
            if (Directory.Exists(championFolder)) Directory.Delete(championFolder, recursive: true);
            if (File.Exists(rolloutFile)) File.Delete(rolloutFile); // a first publish has no folder yet
            if (settings.Mode != "off")
                throw project.Error(ErrorCodes.RolloutModeNeedsChampion, "MlOpsRolloutMode",
                    $"MlOpsRolloutMode is '{settings.Mode}', but the image has no champion: set MlOpsBaselineModel (with MlOpsRolloutBaseline not false), or MlOpsRolloutMode=off.");
            return 0;
        }

        var fetched = await ModelCommands.FetchAsync(options, project, "MlOpsBaselineModel", log, cancellation);
        var challengerFolder = options.Require("ModelFolder");
        var challenger = Verified(challengerFolder, "the challenger (this project's model)", project);
        var champion = Verified(fetched.Folder, $"the champion ({fetched.Origin})", project);

        var problems = ChampionFit.Problems(ReadSchema(fetched.Folder), ReadSchema(challengerFolder));
        if (problems.Count > 0)
            throw project.Error(ErrorCodes.RolloutChampionUnfit, "MlOpsBaselineModel",
                $"The champion {fetched.Origin} cannot score the challenger's input: {string.Join("; ", problems)}. Name a champion trained for the same task and label on a subset of the challenger's columns, or set MlOpsRolloutBaseline=false.");

        Directory.CreateDirectory(championFolder);
        foreach (var file in RolloutFile.ChampionFiles) AtomicFile.Copy(Path.Combine(fetched.Folder, file), Path.Combine(championFolder, file));
        var reference = ModelReference.Parse(text, Path.GetDirectoryName(project.Path)!);
        var (version, source) = VersionAndSource(reference, fetched, text.Trim());
        var pair = new RolloutFile(
            new RolloutModel(options.Require("Version"), challenger.ModelSha256),
            new RolloutModel(version, champion.ModelSha256, source));
        pair.Write(rolloutFile);
        log.WriteLine($"MlOps: champion {version} ({source}) baked into the image beside challenger {pair.Challenger.Version}; {RolloutSettings.ModeVariable}={settings.Mode}");
        return 0;
    }

    /// <summary>The manifest of a model whose model.zip hashes to what the manifest records (else MLOPS5061 at MlOpsBaselineModel).</summary>
    private static Manifest Verified(string folder, string origin, ProjectLines project)
    {
        try { return ModelPackage.Verify(folder, origin, ErrorCodes.RolloutModelAltered); }
        catch (MlOpsException e) when (e.File is null) { throw project.Error(e.Code, "MlOpsBaselineModel", e.Message); }
    }

    private static DataSchema ReadSchema(string folder) => SchemaJson.Deserialize(File.ReadAllText(Path.Combine(folder, ArtifactFiles.Schema)));

    /// <summary>
    /// The champion's version: its package version (nuget:, or a .nupkg path), else the OCI tag, else "unknown"; its
    /// source: the reference as resolved (nuget:&lt;id&gt;@&lt;the version fetched&gt;), as given otherwise.
    /// </summary>
    public static (string Version, string Source) VersionAndSource(ModelReference reference, FetchedModel fetched, string given)
    {
        if (fetched.Package is { } package)
            return (package.Version, reference.Kind == ModelReferenceKind.NuGet ? $"{ModelReference.NuGetScheme}{reference.Id}@{package.Version}" : given);
        if (reference.Kind == ModelReferenceKind.Oci && OciReference.TryParse(reference.Value, requireTarget: true, out var oci, out _) && oci!.Tag is { } tag)
            return (tag, reference.ToString());
        return (RolloutFile.UnknownVersion, reference.Kind == ModelReferenceKind.Path ? given : reference.ToString());
    }
}
