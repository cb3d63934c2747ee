namespace MlOps.Testing.Checks;

/// <summary>
/// Stands in for the production checks of a model without production files, so `dotnet test --filter
/// TestCategory=Production` never runs zero tests silently. MSBuild drops a wildcard that matches no file, so the
/// build cannot tell "declared, nothing captured" from "none declared": MlOpsRequireProductionData says which to
/// expect. Required: fails. Otherwise: inconclusive, with the reason.
/// </summary>
public sealed class ProductionDataCheck(string model) : ProductionCheck(model, "data")
{
    public override string Category => "ProductionData";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var project = loaded.Checks.ProjectFile is { } p ? Path.GetFileName(p) : Model;
        if (loaded.Checks.RequireProductionData)
            Assert.Fail($"No production data matched MlOpsProductionData in {project} (model {Model}): its wildcards matched no file, and " +
                "MlOpsRequireProductionData is true. Fetch the scoring service's capture-*.csv / labeled-*.csv files first, or check the path.");
        Assert.Inconclusive($"No production data for model {Model}: {project} has no MlOpsProductionData, or its wildcards matched no file. " +
            "Set MlOpsRequireProductionData=true to make that a failure.");
    }
}
