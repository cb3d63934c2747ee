using System.Text;
using System.Text.Json;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Tool.CodeGen;

namespace MlOps.Tool;

/// <summary>
/// api: writes the model's typed C# API (see <see cref="ApiGenerator"/>) from schema.json and manifest.json. Pure
/// text, no ML.NET: the targets compile it into the model project's assembly next to the embedded model.zip.
/// </summary>
public static class ApiCommand
{
    public static readonly OptionKeys Keys = new(["ProjectFile", "Output", "Schema", "Manifest", "Name", "ResourceName"], ["Namespace", "Version"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var output = options.Require("Output");
        var schema = Read(options.Require("Schema"), SchemaJson.Deserialize);
        var manifest = Read(options.Require("Manifest"), MlOpsJson.Deserialize<Manifest>);
        var settings = new ApiSettings(options.Get("Namespace") ?? options.Require("Name"), options.Require("Name"), options.Require("ResourceName"));

        string code;
        try { code = ApiGenerator.Generate(schema, ApiFacts.From(manifest, options.Get("Version") ?? "1.0.0"), settings); }
        catch (MlOpsException e) when (e.File is null)
        {
            throw new MlOpsException(e.Code, e.Message, project.Path, project.LineOf("MlOpsApiName"));
        }

        if (ApiGenerator.NamespaceClash(settings) is { } clash)
            log.WriteLine(CanonicalMessage.Format("warning", ErrorCodes.ApiNameHidesType,
                $"The typed API's class {clash} has the name of a part of its namespace {settings.Namespace}, so code that imports the namespace must still write {settings.Namespace}.{clash}. Set MlOpsApiName or RootNamespace so that they differ.",
                project.Path, project.LineOf("MlOpsApiName") ?? project.LineOf("RootNamespace")));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        AtomicFile.WriteAllText(output, code, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        log.WriteLine($"MlOps: typed API {settings.Name}Input → {settings.Name}Model.Predict → {settings.Name}Output written to {output}");
        return 0;
    }

    private static T Read<T>(string path, Func<string, T> parse)
    {
        try { return parse(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new MlOpsException(ErrorCodes.ApiInputUnreadable, $"The typed API cannot be generated: {e.Message} Rebuild the model (delete {Path.GetDirectoryName(path)} to retrain).", path);
        }
    }
}
