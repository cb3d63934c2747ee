using System.Globalization;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Metrics;

namespace MlOps.Tool;

/// <summary>
/// checks: validates what the model project declares for `dotnet test` (gates, validation data, baseline) at build
/// time, so a typo fails the build with the valid choices instead of failing a test later.
/// </summary>
public static class ChecksCommand
{
    /// <summary>The file is also the settings of the MSTest checks (MlOps.Testing's CheckSettings), which read the rest.</summary>
    public static readonly OptionKeys Keys = new(
        ["ProjectFile", "Manifest"],
        ["Gate", "ValidationData", "BaselineModel",
         "VerificationManifest", "TestData", "Separator", "HasHeader", "MaxRegression", "DriftThreshold", "StrictSchema", "SchemaContract",
         "ProductionData", "RequireProductionData", "MaxUnknownCategoryShare", "MinLabeledRows"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var manifest = MlOpsJson.Read<Manifest>(options.Require("Manifest"));
        var task = Enum.Parse<MlTask>(manifest.Task);
        var errors = new List<MlOpsException>();

        foreach (var gate in options.All("Gate"))
        {
            var parts = gate.Split('|');
            var (name, min, max) = (parts[0].Trim(), parts.ElementAtOrDefault(1) ?? "", parts.ElementAtOrDefault(2) ?? "");
            var line = project.LineOfItem("MlOpsQualityGate", name);
            try { MetricCatalog.Resolve(task, name); }
            catch (MlOpsException e) { errors.Add(new MlOpsException(ErrorCodes.UnknownGateMetric, $"Quality gate '{name}': {e.Message}", project.Path, line)); }
            if (min.Length == 0 && max.Length == 0)
                errors.Add(new MlOpsException(ErrorCodes.InvalidGate, $"Quality gate '{name}' has neither Minimum nor Maximum: add Minimum=\"0.8\" or Maximum=\"1.0\".", project.Path, line));
            foreach (var (bound, value) in new[] { ("Minimum", min), ("Maximum", max) })
                if (value.Length > 0 && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    errors.Add(new MlOpsException(ErrorCodes.InvalidGate, $"Quality gate '{name}': {bound} must be a number, but is '{value}'.", project.Path, line));
        }
        foreach (var file in options.All("ValidationData").Where(f => !File.Exists(f)))
            errors.Add(new MlOpsException(ErrorCodes.DataFileMissing, $"The validation data file '{file}' (MlOpsValidationData) does not exist.", project.Path, project.LineOfItem("MlOpsValidationData", null)));
        if (options.Get("BaselineModel") is { } baseline && !File.Exists(baseline))
            errors.Add(new MlOpsException(ErrorCodes.BaselineModelMissing, $"The baseline model '{baseline}' (MlOpsBaselineModel) does not exist: give the path of a model.zip.", project.Path, project.LineOf("MlOpsBaselineModel")));

        errors.AddRange(ProductionSettingErrors(options, project));

        foreach (var error in errors) log.WriteLine(error.ToCanonical());
        return errors.Count == 0 ? 0 : 1;
    }

    /// <summary>The production checks' thresholds: a share between 0 and 1, a row count of at least 1.</summary>
    private static IEnumerable<MlOpsException> ProductionSettingErrors(OptionsFile options, ProjectLines project)
    {
        if (options.Get("MaxUnknownCategoryShare") is { } share &&
            !(double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 1))
            yield return new MlOpsException(ErrorCodes.InvalidProductionCheckSetting,
                $"MlOpsMaxUnknownCategoryShare must be a share between 0 and 1 (0.05 = 5%), but is '{share}'.", project.Path, project.LineOf("MlOpsMaxUnknownCategoryShare"));
        if (options.Get("MinLabeledRows") is { } rows && !(int.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1))
            yield return new MlOpsException(ErrorCodes.InvalidProductionCheckSetting,
                $"MlOpsMinLabeledRows must be a whole number of at least 1, but is '{rows}'.", project.Path, project.LineOf("MlOpsMinLabeledRows"));
    }
}
