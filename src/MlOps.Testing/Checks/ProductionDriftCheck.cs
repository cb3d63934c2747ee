using MlOps.Core.Drift;

namespace MlOps.Testing.Checks;

/// <summary>The captured inputs against the training distribution (schema.json): PSI over MlOpsDriftThreshold fails.</summary>
public sealed class ProductionDriftCheck(string model) : ProductionCheck(model, "drift")
{
    public override string Category => "ProductionDrift";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var columns = DriftAnalysis.Compare(loaded.Schema, loaded.Production.Table);
        var drifted = DriftCheck.Drifted(columns, loaded.Checks.DriftThreshold);
        if (drifted.Count == 0) return;
        WriteReport(DriftCheck.Report(columns, loaded.Checks.DriftThreshold, $"The captured rows ({Where(loaded)}) against the training data"));
        Assert.Fail($"Production data drifted from the training data ({Where(loaded)}): {DriftCheck.Describe(drifted, loaded.Checks.DriftThreshold)}. {Retrain}");
    }
}
