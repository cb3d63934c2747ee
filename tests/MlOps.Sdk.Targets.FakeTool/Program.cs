// dotnet MlOps.Sdk.Targets.FakeTool.dll COMMAND OPTIONSFILE [FLAGS], as the targets start the real tool.
// Records the call (MLOPS_FAKE_TOOL_LOG: a folder; one numbered copy of the options file per call, flags appended)
// and writes what the real command would leave behind, so the targets after it run as in a real build.
if (args.Length < 2) return 2;
var (command, optionsFile) = (args[0], args[1]);
var lines = File.ReadAllLines(optionsFile);
string? Option(string key) => lines.Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..]).FirstOrDefault();

if (Environment.GetEnvironmentVariable("MLOPS_FAKE_TOOL_LOG") is { Length: > 0 } log)
{
    Directory.CreateDirectory(log);
    var number = Directory.GetFiles(log, "*.call").Length + 1;
    File.WriteAllLines(Path.Combine(log, $"{number:D3}-{command}.call"), lines.Concat(args.Skip(2).Select(flag => "#flag " + flag)));
}

void Write(string? path, string content)
{
    if (string.IsNullOrEmpty(path)) return;
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    File.WriteAllText(path, content);
}

switch (command)
{
    case "train":
        var store = Option("OutputDirectory")!;
        // A new model.zip per call, as a real training writes one.
        Write(Path.Combine(store, "model.zip"), $"fake model {Guid.NewGuid()}");
        Write(Path.Combine(store, "schema.json"), """{"label":"fake","columns":[]}""");
        Write(Path.Combine(store, "metrics.json"), """{"task":"Regression"}""");
        Write(Path.Combine(store, "manifest.json"), """{"formatVersion":1,"task":"Regression"}""");
        // The real tool swaps in the whole set: model.onnx is there exactly when MlOpsExportOnnx asked for it.
        if (Option("ExportOnnx") == "true") Write(Path.Combine(store, "model.onnx"), "fake onnx");
        else File.Delete(Path.Combine(store, "model.onnx"));
        // As the real tool: a contract is written once, then touched, since it is one of training's outputs.
        if (Option("SchemaContract") is { Length: > 0 } contract)
        {
            if (File.Exists(contract)) File.SetLastWriteTimeUtc(contract, DateTime.UtcNow);
            else Write(contract, """{"columns":[]}""");
        }
        Console.WriteLine("MlOps: best trainer FakeTrainer (fake tool)");
        break;
    case "card":
        Write(Path.Combine(Option("ModelFolder")!, "model-card.md"), "# fake card");
        Write(Path.Combine(Option("ModelFolder")!, "model-card.html"), "<p>fake card</p>");
        Write(Path.Combine(Option("ModelFolder")!, "model-card.json"), "{}");
        break;
    case "api":
        Write(Option("Output"), "// fake typed API");
        break;
    case "artifact":
        Write(Option("ReferenceFile"), "fake/model:1.0.0@sha256:0000");
        break;
    case "monitoring":
        foreach (var file in new[] { "prometheus-rules.yaml", "prometheus-rule.yaml", "grafana-dashboard.json" })
            Write(Path.Combine(Option("OutputDirectory")!, file), "# fake monitoring");
        break;
    case "rollout-pair":
        // With a champion (a Reference), stage it and the roles, as the real command does.
        if (Option("Reference") is { Length: > 0 })
        {
            foreach (var file in new[] { "model.zip", "schema.json", "manifest.json" })
                Write(Path.Combine(Option("OutputDirectory")!, "champion", file), "fake champion " + file);
            Write(Path.Combine(Option("OutputDirectory")!, "rollout.json"), "{}");
        }
        break;
    case "baseline":
        // A fetched model in the cache, as the real command leaves it, and the path of its model.zip.
        var fetched = Path.Combine(Option("CacheDirectory")!, "fake");
        foreach (var file in new[] { "model.zip", "manifest.json", "metrics.json" }) Write(Path.Combine(fetched, file), "fake baseline " + file);
        Write(Option("ResultFile"), Path.Combine(fetched, "model.zip"));
        break;
    case "compare":
        Write(Option("Output"), "<p>fake comparison</p>");
        break;
    case "image-labels":
        Write(Option("Output"), "<Project />");
        break;
    case "sbom":
        Write(Option("Output"), """{"bomFormat":"CycloneDX","specVersion":"1.6"}""");
        break;
    case "rollout-decision":
        // The decision the test asks for (a file fake-decision beside the project), answered as the real tool does: files, line, exit code.
        var asked = Path.Combine(Path.GetDirectoryName(Option("ProjectFile"))!, "fake-decision");
        var decision = File.Exists(asked) ? File.ReadAllText(asked).Trim() : "promote";
        Write(Option("ResultFile"), decision);
        Write(Option("ReasonFile"), $"fake {decision} reason; 42 more");
        Console.WriteLine($"@mlops:summary\tMlOps: rollout decision: {decision}: fake {decision} reason; 42 more");
        return decision switch { "hold" => 3, "rollback" => 4, _ => 0 };
}
return 0;
