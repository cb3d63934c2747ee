using System.Globalization;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Metrics;

namespace MlOps.Tool;

/// <summary>
/// One MlOpsQualityGate item as the targets write it (Gate=Name|Minimum|Maximum), with its metric resolved to the
/// canonical ML.NET name: the `checks` command validates gates at build, the `monitoring` command turns them into alerts.
/// </summary>
public sealed record QualityGate(string Metric, double? Minimum, double? Maximum)
{
    /// <summary>The gates of an options file; each bad one is added to <paramref name="errors"/> at its project line and left out.</summary>
    public static IReadOnlyList<QualityGate> Parse(OptionsFile options, MlTask task, ProjectLines project, List<MlOpsException> errors)
    {
        var gates = new List<QualityGate>();
        foreach (var gate in options.All("Gate"))
        {
            var parts = gate.Split('|');
            var (name, min, max) = (parts[0].Trim(), parts.ElementAtOrDefault(1) ?? "", parts.ElementAtOrDefault(2) ?? "");
            var line = project.LineOfItem("MlOpsQualityGate", name);
            var before = errors.Count;
            string? metric = null;
            try { metric = MetricCatalog.Resolve(task, name); }
            catch (MlOpsException e) { errors.Add(new MlOpsException(ErrorCodes.UnknownGateMetric, $"Quality gate '{name}': {e.Message}", project.Path, line)); }
            if (min.Length == 0 && max.Length == 0)
                errors.Add(new MlOpsException(ErrorCodes.InvalidGate, $"Quality gate '{name}' has neither Minimum nor Maximum: add Minimum=\"0.8\" or Maximum=\"1.0\".", project.Path, line));
            var bounds = new double?[2];
            foreach (var (i, bound, value) in new[] { (0, "Minimum", min), (1, "Maximum", max) })
            {
                if (value.Length == 0) continue;
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) bounds[i] = number;
                else errors.Add(new MlOpsException(ErrorCodes.InvalidGate, $"Quality gate '{name}': {bound} must be a number, but is '{value}'.", project.Path, line));
            }
            if (errors.Count == before) gates.Add(new QualityGate(metric!, bounds[0], bounds[1]));
        }
        return gates;
    }
}
