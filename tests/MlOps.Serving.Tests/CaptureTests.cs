using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Core.Schema;
using MlOps.Serving.Capture;

namespace MlOps.Serving.Tests;

/// <summary>Data capture of a real server: files, columns, values, rotation, exclusion, sampling, budget, queue, shutdown, stdout.</summary>
[TestClass]
public sealed class CaptureTests
{
    private static readonly string[] ServiceColumns = ["mlops_prediction", "mlops_score", "mlops_model_version", "mlops_time", "mlops_prediction_id"];
    private static TrainedModel _model = null!;

    [ClassInitialize]
    public static void Train(TestContext _) => _model = TrainedModel.For(MlTask.BinaryClassification);

    [TestMethod]
    public async Task CapturedRowsHaveTheSchemasColumnsAndTheValuesSent()
    {
        using var folder = new CaptureFolder();
        var answers = new Dictionary<string, (int Row, JsonNode Answer)>();
        var server = await ScoringServer.StartAsync(_model.Folder, modelVersion: "3.1.4", settings: [folder.Setting]);
        await using (server)
        {
            for (var r = 0; r < 6; r++)
            {
                var answer = await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", _model.Request(r)));
                answers[(string)answer["predictionId"]!] = (r, answer);
            }
            var batch = await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict/batch",
                new JsonArray([.. Enumerable.Range(6, 6).Select(r => (JsonNode)_model.Request(r))])));
            for (var i = 0; i < 6; i++) answers[(string)batch[i]!["predictionId"]!] = (6 + i, batch[i]!);

            // While serving: one open file, flushed once the queue ran empty, invisible to a *.csv wildcard.
            await CaptureFolder.EventuallyAsync(async () =>
            {
                await Task.Yield();
                return folder.OpenFiles() is [var open] && File.ReadAllLines(open).Length == 13;
            }, "12 rows and a header in the open file");
            Assert.AreEqual(0, folder.Files("capture").Length);
            Assert.AreEqual(12, (await server.MetricsAsync())["mlops_capture_rows_total"]);
        }

        Assert.AreEqual(0, folder.OpenFiles().Length, "shutdown renames .open to .csv");
        var data = folder.Read("capture");
        CollectionAssert.AreEqual(_model.Schema.Columns.Select(c => c.Name).Concat(ServiceColumns).ToArray(), data.ColumnNames.ToArray());
        Assert.AreEqual(12, data.RowCount);
        var byId = CaptureFolder.ById(data);
        CollectionAssert.AreEquivalent(answers.Keys.ToArray(), byId.Keys.ToArray());
        foreach (var (id, (r, answer)) in answers)
        {
            var row = byId[id];
            foreach (var column in _model.Schema.Features)
            {
                var sent = _model.Data.Column(column.Name)[r];
                var captured = data.Column(column.Name)[row];
                if (column.Kind == ColumnKind.Numeric && sent is not null)
                    Assert.AreEqual(float.Parse(sent, CultureInfo.InvariantCulture), float.Parse(captured!, CultureInfo.InvariantCulture), $"{column.Name} of row {r}");
                else Assert.AreEqual(sent, captured, $"{column.Name} of row {r}");
            }
            Assert.IsNull(data.Column("target")[row], "the label column is empty in capture files");
            Assert.AreEqual((string?)answer["label"], data.Column("mlops_prediction")[row]);
            Assert.AreEqual((float)answer["probability"]!, float.Parse(data.Column("mlops_score")[row]!, CultureInfo.InvariantCulture));
            Assert.AreEqual("3.1.4", data.Column("mlops_model_version")[row]);
            var time = DateTime.Parse(data.Column("mlops_time")[row]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.IsTrue(Math.Abs((DateTime.UtcNow - time).TotalMinutes) < 5, $"mlops_time {time:O}");
            StringAssert.EndsWith(data.Column("mlops_time")[row], "Z");
        }
    }

    /// <summary>Cells the training reader would change unquoted (separators, quotes, line breaks, edge spaces) read back as written.</summary>
    [TestMethod]
    public void CellsAreQuotedSoTheTrainingReaderGetsThemBack()
    {
        string[] cells = ["plain", "a,b", "say \"hi\"", "two\nlines", " padded ", "crlf\r\nend", "é ü"];
        var line = string.Join(',', cells.Select(CaptureColumns.Quote));
        var table = Core.Data.CsvRows.Read(new StringReader(string.Join(',', cells.Select((_, i) => $"c{i}")) + "\n" + line + "\n"), ',', "test");
        // The reader normalizes a line break inside a cell to \n, as it does for training files.
        CollectionAssert.AreEqual(cells.Select(c => c.Replace("\r\n", "\n", StringComparison.Ordinal)).ToArray(), table.Rows.Single());
        Assert.AreEqual("1.1", CaptureColumns.Number(1.1f));
        Assert.AreEqual(123456792f, float.Parse(CaptureColumns.Number(123456789f)!, CultureInfo.InvariantCulture));
        Assert.IsNull(CaptureColumns.Number(float.NaN));
    }

    [TestMethod]
    public async Task ExcludedColumnsAreEmptyAndTheSampleIsDecidedById()
    {
        using var folder = new CaptureFolder();
        var ids = new List<string>();
        var server = await ScoringServer.StartAsync(_model.Folder, settings: [folder.Setting, "--MlOps:CaptureExclude=color", "--MlOps:CaptureSample=0.5"]);
        await using (server)
            for (var r = 0; r < 60; r++)
                ids.Add((string)(await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", _model.Request(r))))["predictionId"]!);
        var data = folder.Read("capture");
        var expected = ids.Where(id => CaptureWriter.Hash(id) < (ulong)(0.5 * ulong.MaxValue)).ToArray();
        CollectionAssert.AreEquivalent(expected, CaptureFolder.ById(data).Keys.ToArray(), "the ids whose hash is in the sample, and only those");
        Assert.IsTrue(expected.Length is > 10 and < 50, $"{expected.Length} of 60 sampled at 0.5");
        Assert.IsTrue(data.Column("color").All(c => c is null), "an excluded column is written as empty cells");
        Assert.IsTrue(data.Column("x1").Any(c => c is not null));

        var typo = await Assert.ThrowsExactlyAsync<Core.Diagnostics.MlOpsException>(() =>
            ScoringServer.StartAsync(_model.Folder, settings: [folder.Setting, "--MlOps:CaptureExclude=colour"]));
        Assert.AreEqual("MLOPS6003", typo.Code);
    }

    [TestMethod]
    public async Task FilesRotateBySize()
    {
        using var folder = new CaptureFolder();
        const int batches = 16, rows = 1000;
        var server = await ScoringServer.StartAsync(_model.Folder, settings: [folder.Setting, "--MlOps:CaptureRotateMB=1"]);
        await using (server)
            for (var b = 0; b < batches; b++)
            {
                var csv = new StringBuilder("x1,x 2,color,flag\n");
                for (var r = 0; r < rows; r++)
                    csv.Append(CultureInfo.InvariantCulture, $"{Cell("x1", r)},{Cell("x 2", r)},{Cell("color", r)},{Cell("flag", r)}\n");
                Assert.AreEqual(HttpStatusCode.OK, (await server.PostAsync("/predict/batch", csv.ToString(), "text/csv")).StatusCode);
            }
        var files = folder.Files("capture");
        Assert.IsTrue(files.Length >= 2, $"{files.Length} file(s)");
        foreach (var f in files) Assert.IsTrue(new FileInfo(f).Length <= 1024 * 1024, $"{f}: {new FileInfo(f).Length} bytes");
        Assert.AreEqual(batches * rows, folder.Read("capture").RowCount, "no row lost across files");
        Assert.AreEqual(0, folder.OpenFiles().Length);
    }

    private static string? Cell(string column, int r) => _model.Data.Column(column)[r % _model.Data.RowCount];

    [TestMethod]
    public async Task AtItsDiskBudgetCapturePausesAndResumesWhenFilesAreTakenAway()
    {
        using var folder = new CaptureFolder();
        var old = Path.Combine(folder.Path, "capture-19990101T000000Z-1.csv");
        File.WriteAllBytes(old, new byte[1024 * 1024]); // the whole 1 MiB budget, from an earlier run
        var server = await ScoringServer.StartAsync(_model.Folder, settings: [folder.Setting, "--MlOps:CaptureMaxMB=1"]);
        await using (server)
        {
            for (var r = 0; r < 5; r++) Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict", _model.Request(r))).StatusCode);
            await CaptureFolder.EventuallyAsync(async () => (await server.MetricsAsync())["mlops_capture_dropped_total{reason=\"full\"}"] == 5, "5 rows dropped as full");
            var metrics = await server.MetricsAsync();
            Assert.AreEqual(1, metrics["mlops_capture_paused"]);
            Assert.AreEqual(0, metrics["mlops_capture_rows_total"]);

            File.Delete(old);
            await CaptureFolder.EventuallyAsync(async () =>
            {
                await server.PostJsonAsync("/predict", _model.Request(0));
                await Task.Delay(200);
                return (await server.MetricsAsync())["mlops_capture_rows_total"] > 0;
            }, "capture resumes once the folder is below its budget");
            Assert.AreEqual(0, (await server.MetricsAsync())["mlops_capture_paused"]);
        }
    }

    [TestMethod]
    public async Task AFullQueueDropsRowsAndNeverSlowsOrFailsARequest()
    {
        using var folder = new CaptureFolder();
        var gate = new TaskCompletionSource();
        var server = await ScoringServer.StartAsync(_model.Folder, settings: [folder.Setting],
            services: s => s.AddSingleton(new CaptureWriter.Tuning(QueueCapacity: 2, BeforeBatch: () => gate.Task)));
        await using (server)
        {
            for (var r = 0; r < 10; r++) Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict", _model.Request(r))).StatusCode);
            Assert.AreEqual(8, (await server.MetricsAsync())["mlops_capture_dropped_total{reason=\"queue\"}"], "the writer is held: 2 queued, 8 dropped");
            gate.SetResult();
            await CaptureFolder.EventuallyAsync(async () => (await server.MetricsAsync())["mlops_capture_rows_total"] == 2, "the 2 queued rows written");
        }
        Assert.AreEqual(2, folder.Read("capture").RowCount);
    }

    [TestMethod]
    public async Task AFolderThatCannotBeWrittenIsCountedAndScoringGoesOn()
    {
        using var folder = new CaptureFolder();
        var file = Path.Combine(folder.Path, "a-file");
        File.WriteAllText(file, "not a folder");
        var server = await ScoringServer.StartAsync(_model.Folder, settings: [$"--MlOps:CaptureDir={Path.Combine(file, "captures")}"]);
        await using (server)
        {
            for (var r = 0; r < 5; r++) Assert.AreEqual(HttpStatusCode.OK, (await server.PostJsonAsync("/predict", _model.Request(r))).StatusCode);
            await CaptureFolder.EventuallyAsync(async () => (await server.MetricsAsync())["mlops_capture_dropped_total{reason=\"error\"}"] >= 5, "5 rows dropped as errors");
            Assert.AreEqual(0, (await server.MetricsAsync())["mlops_capture_rows_total"]);
        }
    }

    [TestMethod]
    public async Task TheStdoutSinkWritesOneJsonObjectPerRow()
    {
        var output = new StringWriter();
        var ids = new List<string>();
        var server = await ScoringServer.StartAsync(_model.Folder, settings: ["--MlOps:CaptureDir=unused", "--MlOps:CaptureSink=stdout"],
            services: s => s.AddSingleton(new CaptureWriter.Tuning(Stdout: output)));
        await using (server)
        {
            for (var r = 0; r < 3; r++) ids.Add((string)(await ScoringServer.JsonAsync(await server.PostJsonAsync("/predict", _model.Request(r))))["predictionId"]!);
            var label = _model.Data.Column("target")[0]!;
            var feedback = await server.PostJsonAsync("/feedback", new JsonObject { ["predictionId"] = ids[0], ["label"] = label });
            Assert.AreEqual(HttpStatusCode.OK, feedback.StatusCode, await feedback.Content.ReadAsStringAsync());
        }
        Assert.IsFalse(Directory.Exists("unused"), "no files with the stdout sink");
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.AreEqual(4, lines.Count, output.ToString());
        CollectionAssert.AreEqual(_model.Schema.Columns.Select(c => c.Name).Concat(ServiceColumns).ToArray(), lines[0].Select(kv => kv.Key).ToArray());
        var captures = lines.Where(l => l["target"] is null).ToList();
        CollectionAssert.AreEquivalent(ids, captures.Select(l => (string)l["mlops_prediction_id"]!).ToList());
        var first = captures.Single(l => (string)l["mlops_prediction_id"]! == ids[0]);
        Assert.AreEqual(double.Parse(_model.Data.Column("x1")[0]!, CultureInfo.InvariantCulture), (double)first["x1"]!, 1e-6, "numbers are JSON numbers");
        Assert.AreEqual(bool.Parse(_model.Data.Column("flag")[0]!), (bool)first["flag"]!, "booleans are JSON booleans");
        var labeled = lines.Single(l => l["target"] is not null);
        Assert.AreEqual(ids[0], (string?)labeled["mlops_prediction_id"]);
        Assert.AreEqual(_model.Data.Column("target")[0], (string?)labeled["target"]);
    }
}
