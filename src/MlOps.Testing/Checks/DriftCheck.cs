using System.Globalization;
using static MlOps.Testing.Numbers;
using MlOps.Core.Data;
using MlOps.Core.Drift;

namespace MlOps.Testing.Checks;

/// <summary>An MlOpsValidationData file's features against the training distribution: PSI over MlOpsDriftThreshold fails.</summary>
public sealed class DriftCheck(string model, string file) : ModelCheck(model, $"drift of {Path.GetFileName(file)}")
{
    public override string Category => "Drift";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var drifted = Drifted(loaded, loaded.LoadData(file));
        if (drifted.Count == 0) return;
        Assert.Fail($"Data drift in {file} (model {Model}): {Describe(drifted, loaded.Checks.DriftThreshold)}.");
    }

    /// <summary>The features of <paramref name="data"/> whose PSI against training exceeds MlOpsDriftThreshold, worst first.</summary>
    internal static IReadOnlyList<ColumnDrift> Drifted(MlOpsModel model, TabularData data) =>
        DriftAnalysis.Compare(model.Schema, data).Where(d => d.Psi > model.Checks.DriftThreshold).OrderByDescending(d => d.Psi).ToList();

    /// <summary>Every drifted feature with its PSI (and KS test for numbers), for a failure message.</summary>
    internal static string Describe(IReadOnlyList<ColumnDrift> drifted, double threshold) =>
        $"{drifted.Count} column(s) with PSI above {F(threshold)}, worst first: " +
        string.Join("; ", drifted.Select(d => $"{d.Column} PSI={F(d.Psi)}" + (d.KsStatistic is double ks ? $" KS D={F(ks)}" + (d.KsPValue is double p ? $" p={p.ToString("0.###E+0", CultureInfo.InvariantCulture)}" : "") : "")));
}
