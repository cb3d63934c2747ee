using MlOps.Core.Diagnostics;
using MlOps.Tool.Oci;

namespace MlOps.Tool.Package;

/// <summary>What the baseline and lineage commands share: read the reference and fetch the model it names.</summary>
public static class ModelCommands
{
    /// <summary>
    /// The keys of a model reference: what it names, where to look, where to keep the fetched model, and the registries
    /// we publish to (ContainerRegistry;MlOpsModelRegistry), the only ones an oci: reference may use the SDK's login on.
    /// </summary>
    public static readonly OptionKeys Keys = new(["ProjectFile", "Reference", "CacheDirectory"], ["Feed", "RestoreConfigFile", "PublishRegistries"]);

    public static async Task<FetchedModel> FetchAsync(OptionsFile options, ProjectLines project, string setting, TextWriter log, CancellationToken cancellation)
    {
        var directory = Path.GetDirectoryName(project.Path)!;
        try
        {
            var reference = ModelReference.Parse(options.Require("Reference"), directory, setting);
            var models = new PublishedModels(directory, options.Get("Feed"), options.Get("RestoreConfigFile"), options.Require("CacheDirectory"), log,
                RegistryCredentials.Hosts(options.Get("PublishRegistries")));
            return await models.FetchAsync(reference, cancellation);
        }
        catch (MlOpsException e) when (e.File is null)
        {
            throw new MlOpsException(e.Code, e.Message, project.Path, project.LineOf(setting)); // point at the setting
        }
    }
}
