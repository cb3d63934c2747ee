namespace MlOps.Testing.Checks;

/// <summary>The captured inputs against the training distribution (schema.json): PSI over MlOpsDriftThreshold fails.</summary>
public sealed class ProductionDriftCheck(string model) : ProductionCheck(model, "drift")
{
    public override string Category => "ProductionDrift";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var drifted = DriftCheck.Drifted(loaded, loaded.Production.Table);
        if (drifted.Count == 0) return;
        Assert.Fail($"Production data drifted from the training data ({Where(loaded)}): {DriftCheck.Describe(drifted, loaded.Checks.DriftThreshold)}. {Retrain}");
    }
}
