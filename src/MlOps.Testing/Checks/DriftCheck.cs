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
        var columns = DriftAnalysis.Compare(loaded.Schema, loaded.LoadData(file));
        var drifted = Drifted(columns, loaded.Checks.DriftThreshold);
        if (drifted.Count == 0) return;
        WriteReport(Report(columns, loaded.Checks.DriftThreshold, $"`{file}` against the training data of model {Model}"));
        Assert.Fail($"Data drift in {file} (model {Model}): {Describe(drifted, loaded.Checks.DriftThreshold)}.");
    }

    /// <summary>The features whose PSI against training exceeds MlOpsDriftThreshold, worst first.</summary>
    internal static IReadOnlyList<ColumnDrift> Drifted(IReadOnlyList<ColumnDrift> columns, double threshold) =>
        columns.Where(d => d.Psi > threshold).OrderByDescending(d => d.Psi).ToList();

    /// <summary>The drift report attached to a failing test: every feature, worst first, the drifted ones marked.</summary>
    internal static string Report(IReadOnlyList<ColumnDrift> columns, double threshold, string compared) =>
        $"{compared}; PSI above {F(threshold)} (MlOpsDriftThreshold) is drift.\n\n" +
        "| column | kind | PSI | KS D | KS p | drifted |\n|---|---|---|---|---|---|\n" +
        string.Concat(columns.OrderByDescending(d => d.Psi).Select(d =>
            $"| {d.Column} | {d.Kind} | {F(d.Psi)} | {(d.KsStatistic is double ks ? F(ks) : "")} | " +
            $"{(d.KsPValue is double p ? p.ToString("0.###E+0", CultureInfo.InvariantCulture) : "")} | {(d.Psi > threshold ? "yes" : "")} |\n"));

    /// <summary>Every drifted feature with its PSI (and KS test for numbers), for a failure message.</summary>
    internal static string Describe(IReadOnlyList<ColumnDrift> drifted, double threshold) =>
        $"{drifted.Count} column(s) with PSI above {F(threshold)}, worst first: " +
        string.Join("; ", drifted.Select(d => $"{d.Column} PSI={F(d.Psi)}" + (d.KsStatistic is double ks ? $" KS D={F(ks)}" + (d.KsPValue is double p ? $" p={p.ToString("0.###E+0", CultureInfo.InvariantCulture)}" : "") : "")));
}
