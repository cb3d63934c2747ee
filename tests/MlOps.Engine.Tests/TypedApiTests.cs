using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Tool.CodeGen;

namespace MlOps.Engine.Tests;

/// <summary>
/// The typed API generated for a model trained on hostile column names compiles cleanly, and its Predict and
/// PredictBatch give what the model says when it scores the same rows directly, missing values included.
/// </summary>
[TestClass]
public sealed class TypedApiTests
{
    private const string Resource = "MlOps.model.zip";

    // Spaces, punctuation, a leading digit, a keyword, two names that sanitize alike, the input class's own name,
    // an object member, quotes/backslash/XML characters/a line break, non-ASCII, and an ID column the schema ignores.
    private static readonly string[] Header =
        ["row id", "x 1", "x-1", "class", "2nd", "NastyInput", "ToString", "Größe \"q\" \\ <b>&", "is on?", "line\nbreak", "free text", "target"];

    [TestMethod]
    [DataRow(MlTask.BinaryClassification)]
    [DataRow(MlTask.MulticlassClassification)]
    [DataRow(MlTask.Regression)]
    public void GeneratedApiCompilesAndPredictsLikeTheModel(MlTask task)
    {
        var data = NastyData(task, 240);
        var schema = ColumnInference.Infer(data, new InferenceOptions { Label = "target", Task = task, Text = ["free text"] });
        Assert.AreEqual(ColumnKind.Ignored, schema.Find("row id")!.Kind, "the ID column is no input");
        Assert.AreEqual(ColumnKind.Boolean, schema.Find("is on?")!.Kind);

        // A linear model: every input moves its score, so a value fed differently from training shows.
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(task, maxTrials: 1, trainers: "Sdca"));
        var zip = Path.Combine(Path.GetTempPath(), $"mlops-api-{Guid.NewGuid():N}.zip");
        try
        {
            result.Save(zip);
            var facts = new ApiFacts("1.2.3", result.BestTrial.Trainer, result.Metric, result.BestTrial.Metric, "abc", "0.0.0-test");
            var source = ApiGenerator.Generate(schema, facts, new ApiSettings("Nasty.Models-1", "Nasty", Resource));
            Assert.AreEqual(source, ApiGenerator.Generate(schema, facts, new ApiSettings("Nasty.Models-1", "Nasty", Resource)), "deterministic");
            var assembly = ApiCompiler.Compile(source, zip, Resource);
            var api = new Api(assembly, "Nasty.Models_1", "Nasty");

            var properties = ApiGenerator.Properties(schema, "Nasty");
            CollectionAssert.AreEqual(
                new[] { "X1", "X1_2", "Class", "_2nd", "NastyInput_2", "ToString_2", "GrößeQB", "IsOn", "LineBreak", "FreeText" },
                properties.Select(p => p.Name).ToArray());
            var inputs = Enumerable.Range(0, data.RowCount).Select(r => api.Input(properties, data, r)).ToArray();
            var expected = ScoreDirectly(schema, data, zip);

            var single = new object[inputs.Length];
            Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => single[i] = api.Predict(inputs[i]));
            var batch = api.PredictBatch(inputs);
            for (var r = 0; r < inputs.Length; r++)
            {
                Assert.AreEqual(expected[r], api.Describe(single[r]), $"Predict, row {r}");
                Assert.AreEqual(expected[r], api.Describe(batch[r]), $"PredictBatch, row {r}");
            }
            Assert.IsTrue(inputs.Any(i => properties.Any(p => p.Column.Kind == ColumnKind.Numeric && api.Get(i, p.Name) is null)), "some rows exercise missing numbers");

            Assert.AreEqual(task.ToString(), api.Constant("Task"));
            Assert.AreEqual("1.2.3", api.Constant("Version"));
            StringAssert.Contains(System.Text.Json.JsonSerializer.Serialize(inputs[0], inputs[0].GetType()), "\"x 1\":", "JSON uses the column names");
        }
        finally { File.Delete(zip); }
    }

    /// <summary>The model's own answer per row, as text: label and rounded numbers, so float noise cannot differ.</summary>
    private static string[] ScoreDirectly(DataSchema schema, TabularData data, string zip)
    {
        var ml = new MLContext(seed: 0);
        var scored = ml.Model.Load(zip, out _).Transform(DataViewFactory.Create(data, schema, includeLabel: false));
        return schema.Task switch
        {
            MlTask.BinaryClassification => scored.GetColumn<bool>("PredictedLabel")
                .Zip(scored.GetColumn<float>("Probability"), scored.GetColumn<float>("Score"))
                .Select(x => Api.Format(schema.LabelClasses![x.First ? 1 : 0], x.Second, x.Third)).ToArray(),
            MlTask.MulticlassClassification => scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel")
                .Zip(scored.GetColumn<VBuffer<float>>("Score"))
                .Select(x => Api.Format(x.First.ToString(), x.Second.DenseValues().ToArray())).ToArray(),
            _ => scored.GetColumn<float>("Score").Select(v => Api.Format(null, v)).ToArray(),
        };
    }

    private static TabularData NastyData(MlTask task, int rows)
    {
        var random = new Random(11);
        var columns = Header.Select(_ => new string?[rows]).ToArray();
        string[] classes = ["a", "b", "c"];
        for (var r = 0; r < rows; r++)
        {
            // Far from 0, so a missing value fed as 0 instead of NaN (imputed) would change predictions.
            var x = random.NextDouble() * 4 + 8;
            var c = random.Next(3);
            var on = random.Next(2) == 1;
            var signal = x - 10 + (c == 0 ? 1 : c == 1 ? -1 : 0) + (on ? 0.8 : -0.4) + (random.NextDouble() - 0.5) * 0.5;
            string?[] row =
            [
                r.ToString(CultureInfo.InvariantCulture),
                random.NextDouble() < 0.1 ? null : SyntheticData.F(x),
                SyntheticData.F(random.NextDouble()),
                classes[c],
                SyntheticData.F(random.NextDouble() * 10),
                SyntheticData.F(random.NextDouble()),
                random.Next(2) == 0 ? "left" : "right",
                SyntheticData.F(random.NextDouble() * 100),
                random.NextDouble() < 0.1 ? null : on ? "true" : "false",
                SyntheticData.F(random.NextDouble()),
                random.NextDouble() < 0.1 ? null : $"{classes[c]} said {(on ? "on" : "off")} at {r % 5}",
                task switch
                {
                    MlTask.BinaryClassification => signal > 0 ? "yes" : "no",
                    MlTask.MulticlassClassification => signal < -0.7 ? "low" : signal < 0.7 ? "mid" : "high",
                    _ => SyntheticData.F(3 * signal),
                },
            ];
            for (var i = 0; i < Header.Length; i++) columns[i][r] = row[i];
        }
        return new TabularData("nasty.csv", ',', true, Header, columns);
    }

    /// <summary>The compiled API seen through reflection (its types exist only at run time).</summary>
    private sealed class Api(Assembly assembly, string ns, string name)
    {
        private readonly Type _input = assembly.GetType($"{ns}.{name}Input", throwOnError: true)!;
        private readonly Type _model = assembly.GetType($"{ns}.{name}Model", throwOnError: true)!;

        public object Input(IReadOnlyList<ApiProperty> properties, TabularData data, int row)
        {
            var input = Activator.CreateInstance(_input)!;
            foreach (var p in properties)
            {
                var cell = data.Column(p.Column.Name)[row];
                object? value = p.Column.Kind switch
                {
                    ColumnKind.Numeric => cell is not null && ValueParsing.TryParseNumber(cell, out var d) ? (float)d : null,
                    ColumnKind.Boolean => cell is not null && ValueParsing.TryParseBoolean(cell, out var b) ? b : null,
                    _ => cell,
                };
                _input.GetProperty(p.Name)!.SetValue(input, value);
            }
            return input;
        }

        public object? Get(object input, string property) => _input.GetProperty(property)!.GetValue(input);

        public object Predict(object input) => _model.GetMethod("Predict")!.Invoke(null, [input])!;

        public IReadOnlyList<object> PredictBatch(object[] inputs)
        {
            var typed = Array.CreateInstance(_input, inputs.Length);
            inputs.CopyTo(typed, 0);
            return ((System.Collections.IEnumerable)_model.GetMethod("PredictBatch")!.Invoke(null, [typed])!).Cast<object>().ToList();
        }

        public object? Constant(string field) => _model.GetField(field)!.GetValue(null);

        public string Describe(object output)
        {
            object? Read(string property) => output.GetType().GetProperty(property)?.GetValue(output);
            if (Read("Scores") is IReadOnlyDictionary<string, float> scores)
            {
                var classes = (IReadOnlyList<string>)_model.GetProperty("Classes")!.GetValue(null)!;
                return Format((string)Read("Label")!, classes.Select(c => scores[c]).ToArray());
            }
            return Read("Label") is string label
                ? Format(label, (float)Read("Probability")!, (float)Read("Score")!)
                : Format(null, (float)Read("Value")!);
        }

        public static string Format(string? label, params float[] values) =>
            $"{label}|{string.Join(";", values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}";
    }
}
