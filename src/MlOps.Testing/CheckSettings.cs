using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.IO;

namespace MlOps.Testing;

/// <summary>One MlOpsQualityGate item: a metric with a minimum and/or a maximum.</summary>
public sealed record QualityGate(string Metric, double? Minimum, double? Maximum)
{
    public override string ToString() => string.Join(" and ", new[]
    {
        Minimum is double min ? $"{Metric} >= {min.ToString(CultureInfo.InvariantCulture)}" : null,
        Maximum is double max ? $"{Metric} <= {max.ToString(CultureInfo.InvariantCulture)}" : null,
    }.Where(s => s is not null));
}

/// <summary>
/// checks.options: what the model project declared for testing (gates, validation data, baseline, thresholds),
/// written by its build and copied next to the model into the test project's output.
/// </summary>
public sealed record CheckSettings
{
    public const string FileName = "checks.options";

    public required IReadOnlyList<string> TestData { get; init; }
    public required CsvOptions Csv { get; init; }
    public required IReadOnlyList<QualityGate> Gates { get; init; }
    public required IReadOnlyList<string> ValidationData { get; init; }
    public string? BaselineModel { get; init; }
    public double MaxRegression { get; init; }
    public double DriftThreshold { get; init; } = 0.2;
    public bool StrictSchema { get; init; }
    public string? SchemaContract { get; init; }
    /// <summary>The model project's own manifest.json, where the tests record what they checked on the model.</summary>
    public string? VerificationManifest { get; init; }
    public string? ProjectFile { get; init; }
    /// <summary>MlOpsProductionData: the scoring service's capture/labeled files the production checks read.</summary>
    public IReadOnlyList<string> ProductionData { get; init; } = [];
    /// <summary>MlOpsRequireProductionData: no matched production file fails the production checks instead of skipping them.</summary>
    public bool RequireProductionData { get; init; }
    public double MaxUnknownCategoryShare { get; init; } = 0.05;
    public int MinLabeledRows { get; init; } = 100;

    public static CheckSettings Read(string path)
    {
        var options = OptionsFile.Read(path);
        return new CheckSettings
        {
            TestData = options.All("TestData"),
            Csv = CsvSettings.From(options),
            Gates = options.All("Gate").Select(ParseGate).ToList(),
            ValidationData = options.All("ValidationData"),
            BaselineModel = options.Get("BaselineModel"),
            MaxRegression = Number(options.Get("MaxRegression")) ?? 0,
            DriftThreshold = Number(options.Get("DriftThreshold")) ?? 0.2,
            StrictSchema = string.Equals(options.Get("StrictSchema"), "true", StringComparison.OrdinalIgnoreCase),
            SchemaContract = options.Get("SchemaContract"),
            VerificationManifest = options.Get("VerificationManifest"),
            ProjectFile = options.Get("ProjectFile"),
            ProductionData = options.All("ProductionData"),
            RequireProductionData = string.Equals(options.Get("RequireProductionData"), "true", StringComparison.OrdinalIgnoreCase),
            MaxUnknownCategoryShare = Number(options.Get("MaxUnknownCategoryShare")) ?? 0.05,
            MinLabeledRows = (int)(Number(options.Get("MinLabeledRows")) ?? 100),
        };
    }

    /// <summary>Gate lines are "Metric|Minimum|Maximum", either bound may be empty.</summary>
    public static QualityGate ParseGate(string line)
    {
        var parts = line.Split('|');
        return new QualityGate(parts[0].Trim(), Number(parts.ElementAtOrDefault(1)), Number(parts.ElementAtOrDefault(2)));
    }

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
