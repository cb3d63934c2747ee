using MlOps.Core.Data;
using MlOps.Core.Diagnostics;

namespace MlOps.Core.Tests;

/// <summary>The scoring service's capture files as training data (docs/monitoring.md): read in the contract's format
/// whatever the project's separator, their mlops_ columns left out, merged with other files by column name.</summary>
[TestClass]
public sealed class CaptureFilesTests
{
    private const string Labeled = """
        size,city,price,mlops_prediction,mlops_score,mlops_model_version,mlops_time,mlops_prediction_id
        120,"Oslo, Norway",300.5,290,290,1.0.0,2026-11-28T09:00:00Z,a1
        80,Rome,,200,200,1.0.0,2026-11-28T09:00:01Z,a2
        """;

    [TestMethod]
    public void LoadKeepsOneRowPerPredictionTheLabeledCopyFirst()
    {
        using var dir = new TempDir();
        // a1 captured unlabeled, then labeled by /feedback; a2 captured only; a row without an id is kept as it is.
        var capture = dir.Write("capture-1.csv", "size,city,price,mlops_prediction,mlops_score,mlops_model_version,mlops_time,mlops_prediction_id\n" +
            "120,Oslo,,290,290,1.0.0,2026-11-28T09:00:00Z,a1\n80,Rome,,200,200,1.0.0,2026-11-28T09:00:01Z,a2\n60,Lima,,150,150,1.0.0,2026-11-28T09:00:02Z,\n");
        var labeled = dir.Write("labeled-1.csv", Labeled);

        var table = CaptureFiles.Load([capture, labeled], "price");

        CollectionAssert.AreEqual(new[] { "a1", "a2", null }, table.Column(CaptureFiles.PredictionId).ToArray());
        CollectionAssert.AreEqual(new[] { "300.5", null, null }, table.Column("price").ToArray(), "a1's labeled copy replaces its captured row");
    }

    [TestMethod]
    public void LabeledCapturesAppendToSemicolonTrainingDataWithoutServiceColumns()
    {
        using var dir = new TempDir();
        // The project reads ';' with its columns in another order; the capture file keeps its own ',' format.
        var train = dir.Write("train.csv", "price;size;city\n100;50;Lima\n");
        var capture = dir.Write("labeled-20261128T090000Z-1.csv", Labeled);

        var loaded = DataFiles.Load([train, capture], new CsvOptions(';', true))!;

        CollectionAssert.AreEqual(new[] { "price", "size", "city" }, loaded.Table.ColumnNames.ToArray());
        CollectionAssert.AreEqual(new[] { "100", "300.5", null }, loaded.Table.Column("price").ToArray());
        CollectionAssert.AreEqual(new[] { "Lima", "Oslo, Norway", "Rome" }, loaded.Table.Column("city").ToArray());
        Assert.AreEqual(2, loaded.Files[1].Rows);
    }

    [TestMethod]
    public void FilesNotNamedAsCapturesKeepTheProjectsCsvSettings()
    {
        using var dir = new TempDir();
        // Not named as the service names its files: the project's separator applies, and nothing is recognised.
        var other = dir.Write("export.csv", Labeled.Replace(',', ';'));
        Assert.IsFalse(CaptureFiles.IsCaptureFile(other));
        Assert.IsTrue(CaptureFiles.IsCaptureFile("/x/capture-20261128T090000Z-3.csv"));
        Assert.IsFalse(CaptureFiles.IsCaptureFile("/x/capture-20261128T090000Z-3.csv.open"), "a file still being written");
        var loaded = DataFiles.Load([other], new CsvOptions(';', true))!;
        Assert.AreEqual(3, loaded.Table.ColumnNames.Count, "mlops_ columns leave every file, but only those");
    }

    [TestMethod]
    public void CapturesOfAnotherSchemaStillFailNamingTheFile()
    {
        using var dir = new TempDir();
        var train = dir.Write("train.csv", "size,rooms,city,price\n50,2,Lima,100\n");
        var capture = dir.Write("capture-20261128T090000Z-1.csv", Labeled);
        var e = Assert.ThrowsExactly<MlOpsException>(() => DataFiles.Load([train, capture], new CsvOptions()));
        Assert.AreEqual(ErrorCodes.TestDataColumnMissing, e.Code);
        Assert.AreEqual(capture, e.File);
    }
}
