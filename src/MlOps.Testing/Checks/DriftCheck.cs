using System.Globalization;
using static MlOps.Testing.Numbers;
using MlOps.Core.Drift;

namespace MlOps.Testing.Checks;

/// <summary>An MlOpsValidationData file's features against the training distribution: PSI over MlOpsDriftThreshold fails.</summary>
public sealed class DriftCheck(string model, string file) : ModelCheck(model, $"drift of {Path.GetFileName(file)}")
{
    public override string Category => "Drift";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var threshold = loaded.Checks.DriftThreshold;
        var drifted = DriftAnalysis.Compare(loaded.Schema, loaded.LoadData(file))
            .Where(d => d.Psi > threshold).OrderByDescending(d => d.Psi).ToList();
        if (drifted.Count == 0) return;
        Assert.Fail($"Data drift in {file} (model {Model}): {drifted.Count} column(s) with PSI above {F(threshold)}, worst first: " +
            string.Join("; ", drifted.Select(d => $"{d.Column} PSI={F(d.Psi)}" + (d.KsStatistic is double ks ? $" KS D={F(ks)}" + (d.KsPValue is double p ? $" p={p.ToString("0.###E+0", CultureInfo.InvariantCulture)}" : "") : ""))) + ".");
    }
}
