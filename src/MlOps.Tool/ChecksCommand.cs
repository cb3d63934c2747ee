using System.Globalization;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;

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
         "VerificationManifest", "TestData", "Separator", "HasHeader", "Quoting", "MaxRegression", "DriftThreshold", "StrictSchema", "SchemaContract",
         "ProductionData", "RequireProductionData", "MaxUnknownCategoryShare", "MinLabeledRows"]);

    public static int Run(OptionsFile options, TextWriter log)
    {
        var project = new ProjectLines(options.Require("ProjectFile"));
        var manifest = MlOpsJson.Read<Manifest>(options.Require("Manifest"));
        var task = Enum.Parse<MlTask>(manifest.Task);
        var errors = new List<MlOpsException>();

        QualityGate.Parse(options, task, project, errors);
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
