namespace MlOps.Testing.Checks;

/// <summary>One generated test: a readable name, and a Run that throws an assertion failure with the evidence.</summary>
public abstract class ModelCheck(string model, string name)
{
    public string Model { get; } = model;
    public string Name { get; } = $"{model}: {name}";
    /// <summary>QualityGate, Schema, Drift or ChampionChallenger: recorded in the manifest's verification.</summary>
    public abstract string Category { get; }
    public abstract void Run();

    /// <summary>The report the last failing Run wrote (drift, comparison), attached to the test result; null when none.</summary>
    public string? ReportFile { get; private set; }

    /// <summary>
    /// Writes the evidence behind a failure as a Markdown file for the test result's attachments, before the check
    /// fails: the message stays one paragraph, the report holds every column or metric.
    /// </summary>
    protected void WriteReport(string markdown)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "mlops-reports");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, string.Concat(Name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '-')) + ".md");
        File.WriteAllText(file, $"# {Name}\n\n{markdown}");
        ReportFile = file;
    }
}
