using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Featurization;
using MlOps.Engine.Onnx;
using MlOps.Engine.Replay;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;
using MlOps.Tests.Shared;

namespace MlOps.Engine.Tests;

/// <summary>
/// MlOpsExportOnnx: every trainer of the portfolio, over every kind of featurizer (imputed numbers with a missing indicator,
/// coded and plain one-hot, text), exports to ONNX, and ONNX Runtime scores as ML.NET does; text is featurized as written
/// only in exportable runs; a recipe that lowercases text is refused with MLOPS3040.
/// </summary>
[TestClass]
public sealed class OnnxExportTests
{
    private const int Rows = 200;
    private static readonly string[] Notes = ["Café au lait", "NAÏVE review", "plain note", "Great VALUE", "déjà vu", ""];

    /// <summary><see cref="SyntheticData.Create"/> (x1, "x 2" with missing values, color) plus a free-text column with case and diacritics.</summary>
    private static (TabularData Data, DataSchema Schema) WithText(MlTask task)
    {
        var (data, schema) = SyntheticData.Create(task, Rows);
        var note = Enumerable.Range(0, Rows).Select(r => Notes[r % Notes.Length] is var n && n.Length > 0 ? $"{n} {r % 7}" : null).ToArray();
        var withText = new TabularData(data.Path, data.Separator, data.HasHeader, [.. data.ColumnNames, "note"], [.. data.Columns, DataColumn.From(note)]);
        var columns = schema.Columns.ToList();
        columns.Insert(columns.Count - 1, new ColumnSchema { Name = "note", Kind = ColumnKind.Text });
        return (withText, new DataSchema { Label = schema.Label, Task = task, LabelClasses = schema.LabelClasses, Columns = columns, RowCount = Rows });
    }

    [TestMethod]
    [DataRow(MlTask.Regression, "LightGbm")]
    [DataRow(MlTask.Regression, "FastTree")]
    [DataRow(MlTask.Regression, "FastForest")]
    [DataRow(MlTask.Regression, "Sdca")]
    [DataRow(MlTask.BinaryClassification, "LightGbm")]
    [DataRow(MlTask.BinaryClassification, "FastTree")]
    [DataRow(MlTask.BinaryClassification, "FastForest")]
    [DataRow(MlTask.BinaryClassification, "Sdca")]
    [DataRow(MlTask.BinaryClassification, "Lbfgs")]
    [DataRow(MlTask.MulticlassClassification, "LightGbm")]
    [DataRow(MlTask.MulticlassClassification, "FastTree")]
    [DataRow(MlTask.MulticlassClassification, "Sdca")]
    [DataRow(MlTask.MulticlassClassification, "Lbfgs")]
    public void EveryTrainerExportsAndOnnxRuntimeScoresAsMlNetDoes(MlTask task, string trainer)
    {
        var (data, schema) = WithText(task);
        var result = AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(task, maxTrials: 1, trainers: trainer) with { OnnxExportable = true });
        CollectionAssert.Contains(result.Featurization.ToList(), "FeaturizeText(note, as written)");
        var path = Path.Combine(Path.GetTempPath(), $"onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExport.Save(result, task, path);
            var features = schema.Features.Select(c => c.Name).ToList();
            var onnx = OnnxScoring.Score(File.ReadAllBytes(path), features.ToDictionary(c => c, c => data.Column(c).ToArray()));

            // The consumer's contract: the raw feature columns in, the task's outputs out.
            CollectionAssert.AreEquivalent(features, onnx.Inputs.ToList(), "inputs are the raw feature columns, no label");
            var scored = result.Model.Transform(DataViewFactory.Create(data, schema, includeLabel: false));
            foreach (var output in OnnxExport.Outputs(task).Where(o => o != "PredictedLabel"))
            {
                var expected = Flatten(scored, output);
                Assert.IsTrue(onnx.Outputs.TryGetValue(output + ".output", out var actual), $"no {output}.output in {string.Join(", ", onnx.Outputs.Keys)}");
                Assert.HasCount(expected.Length, actual);
                var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1, Math.Abs(e))).Max();
                Assert.IsLessThan(1e-4, worst, $"{output}: ONNX Runtime and ML.NET differ by up to {worst:g3} (relative)");
            }
        }
        finally { File.Delete(path); }
    }

    private static float[] Flatten(IDataView scored, string column) => scored.Schema[column].Type is VectorDataViewType
        ? scored.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray()
        : scored.GetColumn<float>(column).ToArray();

    [TestMethod]
    public void OnlyExportableRunsFeaturizeTextAsWrittenAndKeepStopWords()
    {
        var (data, schema) = WithText(MlTask.BinaryClassification);
        var table = TypedTable.Build(data, schema, includeLabel: true);
        var context = new TrainerContext(MlTask.BinaryClassification, schema.Label, FeaturizationPlan.FeaturesColumn, 2, Rows, 1, true, 1);
        foreach (var exportable in new[] { false, true })
        {
            var plan = FeaturizationPlan.Create(schema, table, table.Rows, exportable);
            var space = PipelineFactory.Space(plan, new SdcaCandidate(), context);
            Assert.AreEqual(exportable, space.Any(p => p.Name == TextOptions.Normalization));
            CollectionAssert.AreEqual(exportable ? new[] { "keep" } : TextOptions.StopWordNames, space.Single(p => p.Name == TextOptions.StopWords).Choices);
            // Every point of the space, not just the initial one: the search can only reach exportable text settings.
            var random = new Random(1);
            for (var i = 0; i < 20; i++)
            {
                var options = TextOptions.Options(new Configuration(space, space.Select(_ => random.NextDouble()).ToArray()));
                Assert.AreEqual(exportable ? TextNormalizingEstimator.CaseMode.None : TextNormalizingEstimator.CaseMode.Lower, options.CaseMode);
                Assert.AreEqual(exportable, options.KeepDiacritics);
                if (exportable) Assert.IsNull(options.StopWordsRemoverOptions);
            }
        }
    }

    [TestMethod]
    public void ARecipeThatLowercasesTextIsRefusedWithMlops3040AndAnExportableOneReplaysAsWritten()
    {
        var (data, schema) = WithText(MlTask.Regression);
        var settings = SyntheticData.Settings(MlTask.Regression, maxTrials: 1, trainers: "Sdca");
        var lowercased = AutoMLEngine.Run(data, null, schema, settings).Recipe!;
        var error = Assert.ThrowsExactly<MlOpsException>(() => OnnxExport.RequireExportable(lowercased, "manifest.json"));
        Assert.AreEqual(ErrorCodes.OnnxPipelineUnsupported, error.Code);
        Assert.AreEqual("manifest.json", error.File);
        StringAssert.Contains(error.Message, "FeaturizeText(note) with lowercasing and diacritic removal");
        StringAssert.Contains(error.Message, "MlOpsExportOnnx");

        var asWritten = AutoMLEngine.Run(data, null, schema, settings with { OnnxExportable = true }).Recipe!;
        OnnxExport.RequireExportable(asWritten, "manifest.json");
        Assert.AreEqual(TextOptions.AsWritten, asWritten.Choices[TextOptions.Normalization]);
        var replayed = ReplayEngine.Run(data, null, schema, asWritten, seed: 1, null, "manifest.json");
        CollectionAssert.Contains(replayed.Featurization.ToList(), "FeaturizeText(note, as written)");

        // Without text every recipe exports, whatever the option was.
        var (numeric, numericSchema) = SyntheticData.Create(MlTask.Regression, Rows);
        OnnxExport.RequireExportable(AutoMLEngine.Run(numeric, null, numericSchema, settings).Recipe!, "manifest.json");
    }
}
