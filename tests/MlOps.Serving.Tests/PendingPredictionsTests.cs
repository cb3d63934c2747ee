using System.Text;
using MlOps.Core.Schema;
using MlOps.Serving.Capture;
using MlOps.Serving.Feedback;
using MlOps.Serving.Model;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Tests;

/// <summary>The pending set on its own: held inputs come back as stored, ids leave as newer predictions push them out.</summary>
[TestClass]
public sealed class PendingPredictionsTests
{
    private static readonly DataSchema Schema = new()
    {
        Label = "target", Task = MlTask.BinaryClassification, LabelClasses = ["no", "yes"],
        Columns =
        [
            new ColumnSchema { Name = "row_id", Kind = ColumnKind.Ignored },
            new ColumnSchema { Name = "x", Kind = ColumnKind.Numeric },
            new ColumnSchema { Name = "target", Kind = ColumnKind.Categorical },
            new ColumnSchema { Name = "c", Kind = ColumnKind.Categorical, Categories = [new CategoryCount("red", 3), new CategoryCount("blue", 1)] },
            new ColumnSchema { Name = "note", Kind = ColumnKind.Text },
        ],
    };

    [TestMethod]
    public void AHeldRowComesBackAsCapturedAndOnlyOnce()
    {
        var layout = new FeatureLayout(Schema);
        var columns = new CaptureColumns(layout, "1.0.0", []);
        CollectionAssert.AreEqual(new[] { "row_id" }, columns.Others.ToArray());
        var ids = new PredictionIds();
        var pending = new PendingPredictions(ids, 4, layout, columns.Others.Count);
        var inputs = new FeatureRow(layout.Count);
        inputs.Numbers[layout.IndexOf("x")] = 2.5f;
        inputs.Texts[layout.IndexOf("c")] = new string("red".ToCharArray()); // a request's own copy of a known category
        inputs.Texts[layout.IndexOf("note")] = "a, \"quoted\" note";
        var time = new DateTime(2026, 11, 28, 10, 0, 0, 123, DateTimeKind.Utc);
        var sequence = ids.Reserve();
        var row = new CapturedRow(ids.Format(sequence), "yes", 0.75f, inputs, ["r-17"], time);
        pending.Add(sequence, null, row);

        Assert.AreEqual(PendingPredictions.Lookup.Found, pending.TryLabel(row.Id, out var held));
        var expected = new StringBuilder();
        columns.AppendCsv(expected, row with { Label = "no" });
        var actual = new StringBuilder();
        columns.AppendCsv(actual, held! with { Label = "no" });
        Assert.AreEqual(expected.ToString(), actual.ToString());
        StringAssert.StartsWith(actual.ToString(), "r-17,2.5,no,red,\"a, \"\"quoted\"\" note\",yes,0.75,1.0.0,2026-11-28T10:00:00.123Z,");
        Assert.AreSame(layout.Features[layout.IndexOf("c")].Categories![0].Value, held!.Row!.Texts[layout.IndexOf("c")], "a known category is held as the schema's string");
        Assert.AreEqual(PendingPredictions.Lookup.AlreadyLabeled, pending.TryLabel(row.Id, out _));
    }

    [TestMethod]
    public void NewerPredictionsPushOlderOnesOut()
    {
        var ids = new PredictionIds();
        var pending = new PendingPredictions(ids, 3);
        var made = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var sequence = ids.Reserve();
            var client = i == 0 ? "client-a" : i == 3 ? "client-b" : null;
            var id = client ?? ids.Format(sequence);
            pending.Add(sequence, client, new CapturedRow(id, "yes", 0.5f, null, null, DateTime.UtcNow));
            made.Add(id);
        }
        // Held: the last 3 (sequence numbers 3, 4, 5). Pushed out: client-a (unknown: a client id leaves no trace) and #2 (late).
        Assert.AreEqual(PendingPredictions.Lookup.Unknown, pending.TryLabel("client-a", out _));
        Assert.AreEqual(PendingPredictions.Lookup.Late, pending.TryLabel(made[1], out _));
        Assert.AreEqual(PendingPredictions.Lookup.Found, pending.TryLabel(made[2], out _));
        Assert.AreEqual(PendingPredictions.Lookup.Found, pending.TryLabel("client-b", out var b));
        Assert.AreEqual("client-b", b!.Id);
        Assert.AreEqual(PendingPredictions.Lookup.Unknown, pending.TryLabel(ids.Format(99), out _), "a number not issued yet");
        Assert.AreEqual(PendingPredictions.Lookup.Unknown, pending.TryLabel(new PredictionIds().Format(4), out _), "another process's id");
    }
}
