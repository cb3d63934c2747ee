using MlOps.EndToEnd.Tests.Infrastructure;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// Continuous training: the scoring service's capture files listed in MlOpsTrainingData as they are, next to the
/// original data in another format (semicolons, MlOpsSeparator). Their mlops_ columns never become features, unlabeled
/// capture rows are left out with MLOPS2009, and the lineage lists them like any data file.
/// </summary>
[TestClass]
public sealed class ContinuousTrainingTests
{
    private static ModelProject _model = null!;
    private static CommandResult _build = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        _model = ModelProject.Create("continuous");
        _model.WriteData("data/train.csv", SyntheticData.HousePrices(rows: 200, seed: 1).Replace(',', ';'));
        string[] columns = ["size", "rooms", "city", "price"];
        CaptureFileWriter.Write(_model.DataPath("captures/labeled-20261128T100000Z-1.csv"), columns, "price",
            CaptureFileWriter.Rows(SyntheticData.HousePrices(rows: 80, seed: 2)), labeled: true, _ => ("250", "250"), "l");
        CaptureFileWriter.Write(_model.DataPath("captures/capture-20261128T090000Z-1.csv"), columns, "price",
            CaptureFileWriter.Rows(SyntheticData.HousePrices(rows: 50, seed: 3)), labeled: false, _ => ("250", "250"), "c");
        _model.Set("MlOpsLabelColumn", "price").Set("MlOpsSeparator", "semicolon").Set("MlOpsMaxTrials", "2")
              .Item("MlOpsTrainingData", "data/train.csv")
              .Item("MlOpsTrainingData", "captures/*.csv");
        _build = _model.Build();
    }

    [TestMethod]
    public void CaptureFilesTrainWithoutTheirServiceColumns()
    {
        BuildAssert.Succeeded(_build);
        var schema = _model.Schema;
        CollectionAssert.AreEqual(new[] { "size", "rooms", "city", "price" }, schema.Columns.Select(c => c.Name).ToArray(), "mlops_ columns are not in schema.json");
        Assert.IsFalse(schema.Features.Any(f => f.Name.StartsWith("mlops_", StringComparison.Ordinal)));
        Assert.AreEqual(200 + 80 + 50, schema.RowCount, "all three files were read");
        Assert.AreEqual(50, schema.MissingLabelRows);
        StringAssert.Contains(_build.Output, "warning MLOPS2009: 50 training rows have no 'price' value and are left out of training.");
    }

    [TestMethod]
    public void TheLineageListsTheCaptureFiles()
    {
        BuildAssert.Succeeded(_build);
        var training = _model.Manifest.Data.Where(d => d.Role == "training").Select(d => (d.Path.Replace('\\', '/'), d.Rows)).ToList();
        CollectionAssert.AreEquivalent(new[] { ("data/train.csv", 200), ("captures/capture-20261128T090000Z-1.csv", 50), ("captures/labeled-20261128T100000Z-1.csv", 80) }, training);

        var lineage = _model.Build("-t:MlOpsLineage");
        BuildAssert.Succeeded(lineage);
        StringAssert.Contains(lineage.Output, "captures/labeled-20261128T100000Z-1.csv, 80 rows, SHA-256 ");
    }
}
