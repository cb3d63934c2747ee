using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Features;
using MlOps.Core.Schema;
using MlOps.Engine;
using MlOps.Serving.Http;
using MlOps.Serving.Input;
using MlOps.Serving.Model;
using MlOps.Serving.Scoring;
using MlOps.Tests.Shared;

namespace MlOps.Serving.Tests;

/// <summary>
/// One feature contract from training to serving. Every row of every shared dataset (train and test files, read in
/// place) goes through the training path (the engine's IDataView: what the model is trained and tested on) and through
/// the scoring service's two request paths (a text/csv body, and a JSON array built from the same rows, read by
/// RowValidator into the one-row view the model scores), and the model inputs must be identical: bitwise-equal Singles,
/// equal texts, missing alike. Serving refuses exactly the values training could not use: a present cell training
/// reads as missing (invalid), or a category the training file never had.
/// </summary>
[TestClass]
public sealed class CrossPathTests
{
    private static readonly Regex JsonNumber = new(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant);

    [TestMethod]
    [DynamicData(nameof(SharedDataset.Names), typeof(SharedDataset))]
    public void TrainingAndServingFeedTheModelAlike(string name)
    {
        var (train, test, schema) = SharedDataset.Named(name).Load();
        Assert.AreEqual(0, AssertSameInputs(train, schema, train), "serving accepts every row the model was trained on");
        AssertSameInputs(test, schema, train);
    }

    /// <summary>The Boolean `1.0` case: 1 in training, but 422 from POST /predict/batch until both read cells by the contract.</summary>
    [TestMethod]
    public void HeartZeroOneColumnsAsBooleans()
    {
        var (train, test, schema) = SharedDataset.HeartWithBooleans();
        Assert.AreEqual(0, AssertSameInputs(train, schema, train));
        Assert.AreEqual(0, AssertSameInputs(test, schema, train));

        var layout = new FeatureLayout(schema);
        var trained = Training(train, layout).Numbers[layout.IndexOf("Column1")];
        var cells = train.Column("Column1");
        Assert.IsTrue(cells.Contains("1.0") && cells.Contains("0.0"));
        for (var r = 0; r < cells.Count; r++) Assert.AreEqual(cells[r] == "1.0" ? 1f : 0f, trained[r], $"row {r}: '{cells[r]}'");
    }

    /// <summary>Asserts the three paths agree on every cell of <paramref name="data"/>; returns how many values serving refused.</summary>
    private static int AssertSameInputs(TabularData data, DataSchema schema, TabularData train)
    {
        var layout = new FeatureLayout(schema);
        var validator = new RowValidator(layout, new ServingOptions { UnknownCategory = UnknownCategoryPolicy.Reject });
        var training = Training(data, layout);

        var csvErrors = new List<FieldError>();
        var csvRows = validator.Read(PredictionHandler.ReadCsv(Encoding.UTF8.GetBytes(Csv(data))), csvErrors);
        var jsonErrors = new List<FieldError>();
        using var json = JsonDocument.Parse(Json(data, layout));
        var jsonRows = validator.ReadBatch(json.RootElement, jsonErrors);
        Assert.AreEqual(data.RowCount, csvRows.Count);
        Assert.AreEqual(data.RowCount, jsonRows.Count);

        var refused = csvErrors.Select(e => (e.Row!.Value, e.Field)).ToHashSet();
        CollectionAssert.AreEquivalent(refused.ToList(), jsonErrors.Select(e => (e.Row!.Value, e.Field)).ToList(),
            $"{data.Path}: CSV and JSON refuse the same values");
        AssertServed(data, layout, training, csvRows, "CSV");
        AssertServed(data, layout, training, jsonRows, "JSON");

        for (var i = 0; i < layout.Count; i++)
        {
            var column = layout.Columns[i];
            var cells = data.Column(column.Name);
            var seen = column.Schema.Kind == ColumnKind.Categorical ? train.Column(column.Name).OfType<string>().ToHashSet(StringComparer.Ordinal) : null;
            for (var r = 0; r < data.RowCount; r++)
            {
                var unusable = cells[r] is { } cell && (seen is not null ? !seen.Contains(cell)
                    : column.InputType == ModelInputType.Single && float.IsNaN(training.Numbers[i][r]));
                if (unusable != refused.Contains((r, column.Name)))
                    Assert.Fail($"{data.Path} row {r} '{column.Name}': '{cells[r]}' is {(unusable ? "" : "not ")}unusable to training but {(unusable ? "not " : "")}refused by serving.");
            }
        }
        return refused.Count;
    }

    /// <summary>Each served row, read through the one-row view the scoring worker binds the model to.</summary>
    private static void AssertServed(TabularData data, FeatureLayout layout, (float[][] Numbers, string[][] Texts) training, List<FeatureRow> rows, string path)
    {
        var input = new FeatureRowInput(layout);
        var numbers = new ValueGetter<float>?[layout.Count];
        var texts = new ValueGetter<ReadOnlyMemory<char>>?[layout.Count];
        for (var i = 0; i < layout.Count; i++)
            if (layout.Columns[i].InputType == ModelInputType.Single) numbers[i] = input.GetGetter<float>(input.Schema[i]);
            else texts[i] = input.GetGetter<ReadOnlyMemory<char>>(input.Schema[i]);
        float number = 0;
        ReadOnlyMemory<char> text = default;
        for (var r = 0; r < rows.Count; r++)
        {
            input.MoveTo(rows[r]);
            for (var i = 0; i < layout.Count; i++)
            {
                string trained, served;
                if (numbers[i] is { } getter)
                {
                    getter(ref number);
                    if (BitConverter.SingleToInt32Bits(training.Numbers[i][r]) == BitConverter.SingleToInt32Bits(number)) continue;
                    (trained, served) = (training.Numbers[i][r].ToString("R"), number.ToString("R"));
                }
                else
                {
                    texts[i]!(ref text);
                    // Missing alike: serving's row has no text exactly when the model gets the empty text.
                    if (training.Texts[i][r].AsSpan().SequenceEqual(text.Span) && (text.Length == 0) == (rows[r].Texts[i] is null)) continue;
                    (trained, served) = ($"'{training.Texts[i][r]}'", rows[r].Texts[i] is { } t ? $"'{t}'" : "missing");
                }
                Assert.Fail($"{path}, {data.Path} row {r} '{layout.Columns[i].Name}' ('{data.Column(layout.Columns[i].Name)[r]}'): trained on {trained}, served {served}.");
            }
        }
    }

    /// <summary>The model inputs training gives, per feature column (layout order) and row, read from the engine's IDataView.</summary>
    private static (float[][] Numbers, string[][] Texts) Training(TabularData data, FeatureLayout layout)
    {
        var view = DataViewFactory.Create(data, layout.Schema, includeLabel: false);
        var numbers = new float[layout.Count][];
        var texts = new string[layout.Count][];
        for (var i = 0; i < layout.Count; i++)
        {
            var column = view.Schema[layout.Columns[i].Name];
            if (layout.Columns[i].InputType == ModelInputType.Single) numbers[i] = [.. view.GetColumn<float>(column)];
            else texts[i] = [.. view.GetColumn<ReadOnlyMemory<char>>(column).Select(m => m.ToString())];
        }
        return (numbers, texts);
    }

    /// <summary>A text/csv body of every column (label and ignored ones too: serving ignores them), every cell quoted.</summary>
    private static string Csv(TabularData data)
    {
        var csv = new StringBuilder();
        void Row(Func<int, string?> cell)
        {
            for (var c = 0; c < data.Columns.Length; c++)
            {
                if (c > 0) csv.Append(',');
                if (cell(c) is { } s) csv.Append('"').Append(s.Replace("\"", "\"\"")).Append('"');
            }
            csv.Append('\n');
        }
        Row(c => data.ColumnNames[c]);
        for (var r = 0; r < data.RowCount; r++) Row(c => data.Columns[c][r]);
        return csv.ToString();
    }

    /// <summary>
    /// The rows as a client typing values by the schema would send them: numeric and boolean cells as JSON numbers or
    /// booleans where they are such (else strings), categories and text as strings; missing cells null or left out.
    /// </summary>
    private static byte[] Json(TabularData data, FeatureLayout layout)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var cells = layout.Columns.Select(c => data.Column(c.Name)).ToArray();
            json.WriteStartArray();
            for (var r = 0; r < data.RowCount; r++)
            {
                json.WriteStartObject();
                for (var i = 0; i < layout.Count; i++)
                {
                    var (column, cell) = (layout.Columns[i], cells[i][r]);
                    if (cell is null)
                    {
                        if (r % 2 == 0) json.WriteNull(column.Name);
                        continue;
                    }
                    json.WritePropertyName(column.Name);
                    if (column.InputType == ModelInputType.Text) json.WriteStringValue(cell);
                    else if (JsonNumber.IsMatch(cell)) json.WriteRawValue(cell);
                    else if (bool.TryParse(cell, out var flag)) json.WriteBooleanValue(flag);
                    else json.WriteStringValue(cell);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
