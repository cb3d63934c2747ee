namespace MlOps.Testing.Checks;

/// <summary>
/// A check of what the scoring service saw (MlOpsProductionData), run under [TestCategory("Production")]. It judges
/// the live data, not the build, so ModelChecks never records it in the manifest's verification; a failure is the
/// signal to retrain (docs/monitoring.md, "Retraining recipe").
/// </summary>
public abstract class ProductionCheck(string model, string name) : ModelCheck(model, $"production {name}")
{
    /// <summary>Where the rows came from, for messages: the model, the row count and the files.</summary>
    protected static string Where(MlOpsModel model) =>
        $"model {model.Name}, {model.Production.Table.RowCount} captured rows in {model.Production.Description}";

    protected const string Retrain = "Retrain with the labeled captures (docs/monitoring.md, \"Retraining recipe\").";
}
