using System.Security.Cryptography;
using Microsoft.ML;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine.Data;
using MlOps.Engine.Execution;
using MlOps.Engine.Featurization;
using MlOps.Engine.Metrics;
using MlOps.Engine.Replay;
using MlOps.Engine.Search;
using MlOps.Engine.Trainers;
using MlOps.Engine.Validation;

namespace MlOps.Engine.Tests;

/// <summary>Text: featurized rows reused across trials, the text options, the text portfolio, reproducible models.</summary>
[TestClass]
public sealed class TextFeaturizationTests
{
    private const string Metric = "MacroAccuracy";

    private sealed record Setup(TypedTable Table, FeaturizationPlan Plan, ValidationPlan Validation, TrainerContext Context);

    private static Setup Topics(int rows = 300, int classes = 4)
    {
        var (data, schema) = SyntheticData.Topics(rows, classes, seed: 3);
        var table = TypedTable.Build(data, schema, includeLabel: true);
        var plan = FeaturizationPlan.Create(schema, table, table.Rows);
        var validation = ValidationPlan.Create(table.Rows, table.ClassOfRow, seed: 1);
        var context = new TrainerContext(MlTask.MulticlassClassification, schema.Label, FeaturizationPlan.FeaturesColumn, classes,
            validation.Splits.Min(s => s.Train.Length), Threads: 1, Deterministic: true, Seed: 1, FeatureColumns: 1);
        return new Setup(table, plan, validation, context);
    }

    private static TrialEvaluator Evaluator(Setup s, FeatureCache? cache) =>
        new(s.Table, s.Validation, s.Plan, s.Context, Metric, 1, new RowSampler(0, null, 0)) { RefitRows = s.Table.Rows.Length, Cache = cache };

    private static Configuration Initial(Setup s, TrainerCandidate trainer)
    {
        var space = PipelineFactory.Space(s.Plan, trainer, s.Context);
        return new Configuration(space, space.Select(p => p.Encode(p.Initial)).ToArray());
    }

    [TestMethod]
    [DataRow("Sdca")]
    [DataRow("LightGbm")]
    public void CachedTrialScoresAsTheWholePipelineDoes(string name)
    {
        var s = Topics();
        var trainer = TrainerPortfolio.Select(MlTask.MulticlassClassification, [name], false).Single();
        var config = Initial(s, trainer);
        var cache = new FeatureCache(64 << 20);
        var evaluator = Evaluator(s, cache);

        var first = evaluator.Evaluate(trainer, config, new TrialCancellation());
        Assert.AreEqual(s.Validation.Splits.Count, cache.Count, "one featurization per fold");
        Assert.AreEqual(0, cache.Hits);
        var second = evaluator.Evaluate(trainer, config, new TrialCancellation());
        Assert.AreEqual(s.Validation.Splits.Count, cache.Hits, "the second trial reuses every fold's featurized rows");
        var uncached = Evaluator(s, cache: null).Evaluate(trainer, config, new TrialCancellation());
        CollectionAssert.AreEqual(first.FoldLosses, second.FoldLosses);
        CollectionAssert.AreEqual(first.FoldLosses, uncached.FoldLosses);

        // The refit on fold 0's rows is featurizer + trainer on raw columns: it scores fold 0 exactly as the cached trial did.
        var (train, valid) = s.Validation.Splits[0];
        var ml = new MLContext(1);
        var model = evaluator.Fit(ml, trainer, config, train);
        var metrics = MetricsCalculator.Evaluate(ml, MlTask.MulticlassClassification, model.Transform(s.Table.View(valid)), s.Context.Label);
        Assert.AreEqual(first.FoldLosses[0], MetricCatalog.ToLoss(Metric, metrics[Metric]));
        Assert.IsLessThan(0.6, first.FoldLosses[0], "the topics are learnable (chance is 0.75 loss)");
    }

    [TestMethod]
    public void CacheEvictsTheLeastRecentlyUsedBeyondItsBudget()
    {
        var s = Topics(rows: 120, classes: 2);
        var trainer = new SdcaCandidate();
        var config = Initial(s, trainer);
        FeaturizedRows Make() { var ml = new MLContext(1); return FeaturizedRows.Create(ml, PipelineFactory.Featurizer(ml, s.Plan, trainer, config), s.Table, s.Context.Label, s.Table.Rows, []); }
        var size = Make().Bytes;
        var cache = new FeatureCache(2 * size);
        cache.GetOrAdd("a", Make);
        cache.GetOrAdd("b", Make);
        cache.GetOrAdd("a", Make);
        cache.GetOrAdd("c", Make);
        Assert.AreEqual(2, cache.Count);
        Assert.AreEqual(2 * size, cache.Bytes);
        cache.GetOrAdd("a", Make);
        Assert.AreEqual(2, cache.Hits, "a stayed: b was the least recently used");
    }

    [TestMethod]
    public void AFailedFeaturizationIsNotKept()
    {
        var cache = new FeatureCache(1 << 20);
        Assert.ThrowsExactly<OperationCanceledException>(() => cache.GetOrAdd("k", () => throw new OperationCanceledException()));
        Assert.AreEqual(0, cache.Count);
    }

    [TestMethod]
    public void TextOptionsSearchWordsCharsWeightingAndStopWords()
    {
        var s = Topics();
        var space = PipelineFactory.Space(s.Plan, new SdcaCandidate(), s.Context);
        var names = space.Select(p => p.Name).ToArray();
        CollectionAssert.IsSubsetOf(new[] { TextOptions.Words, TextOptions.Chars, TextOptions.Weighting, TextOptions.StopWords }, names);
        var config = new Configuration(space, space.Select(p => p.Encode(p.Initial)).ToArray());
        Assert.AreEqual("words 1-2, chars 3, tf, stop words keep", TextOptions.Key(config), "linear trainers start from word 1-2 + char trigrams; TF on a few hundred rows");
        var large = PipelineFactory.Space(s.Plan, new SdcaCandidate(), s.Context with { Rows = TextOptions.IdfMinRows });
        Assert.AreEqual("words 1-2, chars 3, tf-idf, stop words keep",
            TextOptions.Key(new Configuration(large, large.Select(p => p.Encode(p.Initial)).ToArray())), "TF-IDF once document frequencies can be estimated");
        var options = TextOptions.Options(config);
        Assert.AreEqual(2, options.WordFeatureExtractor!.NgramLength);
        Assert.AreEqual(3, options.CharFeatureExtractor!.NgramLength);
        var trees = PipelineFactory.Space(s.Plan, new LightGbmCandidate(), s.Context);
        Assert.AreEqual("words 1, chars none, tf, stop words keep",
            TextOptions.Key(new Configuration(trees, trees.Select(p => p.Encode(p.Initial)).ToArray())), "trees start cheap");
    }

    [TestMethod]
    public void TextPortfolioLeavesOutTreesOnTextAloneAndOneVersusAllTreesForMulticlass()
    {
        var text = Topics().Plan;
        string[] Names(MlTask task, FeaturizationPlan plan, int classes) =>
            TrainerPortfolio.Select(task, null, false, plan, classes).Select(t => t.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "Sdca", "Lbfgs" }, Names(MlTask.BinaryClassification, text, 2));
        CollectionAssert.AreEqual(new[] { "Sdca" }, Names(MlTask.MulticlassClassification, text, 41), "L-BFGS's history is too big for many classes");
        var mixed = new FeaturizationPlan { Numeric = ["n"], WithMissing = [], OneHot = [], Hashed = [], Text = ["t"] };
        CollectionAssert.AreEqual(new[] { "LightGbm", "Sdca", "Lbfgs" }, Names(MlTask.MulticlassClassification, mixed, 5));
        Assert.HasCount(5, Names(MlTask.BinaryClassification, mixed, 2));
        Assert.HasCount(3, TrainerPortfolio.Select(MlTask.MulticlassClassification, ["FastTree", "Sdca", "Lbfgs"], false, text, 41),
            "requested trainers are always used");
    }

    [TestMethod]
    public void LinearTrainersLeadOnTextAloneButNotBesideOtherColumns()
    {
        var (text, textSchema) = SyntheticData.Topics(300, 3, seed: 5);
        string FirstTrainer(TabularData data, DataSchema schema) =>
            AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(schema.Task, maxTrials: 1)).Trials[0].Trainer;
        var alone = FirstTrainer(text, textSchema);
        Assert.IsTrue(alone is "Sdca" or "Lbfgs", $"text alone: a linear trainer goes first, but trial 1 was {alone}");

        // The same texts beside a numeric column that carries the label: the portfolio's usual order (cheapest initial point, a tree).
        var labels = text.Column("Topic");
        var strong = labels.Select(l => l switch { "class00" => "1", "class01" => "2", _ => "3" }).ToArray();
        var mixed = new TabularData("mixed.tsv", '\t', true, ["Text", "Strong", "Topic"], [[.. text.Column("Text")], strong, [.. labels]]);
        var mixedSchema = new DataSchema
        {
            Label = textSchema.Label,
            Task = textSchema.Task,
            LabelClasses = textSchema.LabelClasses,
            Columns = [textSchema.Columns[0], new ColumnSchema { Name = "Strong", Kind = ColumnKind.Numeric }, textSchema.Columns[1]],
            RowCount = textSchema.RowCount,
        };
        var first = FirstTrainer(mixed, mixedSchema);
        Assert.IsFalse(first is "Sdca" or "Lbfgs", $"beside a numeric column linear trainers do not lead, but trial 1 was {first}");
    }

    [TestMethod]
    [DataRow(MlTask.MulticlassClassification)]
    [DataRow(MlTask.BinaryClassification)]
    public void SameSeedAndTrialBudgetGiveABitIdenticalTextModel(MlTask task)
    {
        var (data, schema) = SyntheticData.Topics(240, task == MlTask.BinaryClassification ? 2 : 4, seed: 5, task);
        AutoMLResult Train() => AutoMLEngine.Run(data, null, schema, SyntheticData.Settings(task, seconds: 600, maxTrials: 3, seed: 3));
        var first = Train();
        Assert.AreEqual(Sha256(first), Sha256(Train()));
        // Replaying the recorded recipe refits the same two-part pipeline: the very same bytes.
        Assert.AreEqual(Sha256(first), Sha256(ReplayEngine.Run(data, null, schema, first.Recipe!, 3, null, "manifest.json")));

        // The saved two-part model loads and scores raw text as any model.zip does (the test gates' path).
        var path = Path.Combine(Path.GetTempPath(), $"mlops-text-{Guid.NewGuid():N}.zip");
        try
        {
            first.Save(path);
            var metrics = ModelEvaluator.Evaluate(path, data, schema);
            Assert.IsGreaterThan(task == MlTask.BinaryClassification ? 0.7 : 0.5, metrics[task == MlTask.BinaryClassification ? "Accuracy" : "MicroAccuracy"]);
        }
        finally { File.Delete(path); }
    }

    private static string Sha256(AutoMLResult result) => Convert.ToHexStringLower(SHA256.HashData(ReplayTests.Bytes(result)));

    [TestMethod]
    public void ALegacyTextChoiceReplaysAsTheSameSettings()
    {
        var upgraded = TextOptions.Upgrade(new Dictionary<string, string> { [TextOptions.LegacyName] = "word1-2", ["CodedCategories"] = "numeric" });
        Assert.AreEqual("1-2", upgraded[TextOptions.Words]);
        Assert.AreEqual("none", upgraded[TextOptions.Chars]);
        Assert.AreEqual("tf", upgraded[TextOptions.Weighting]);
        Assert.AreEqual("keep", upgraded[TextOptions.StopWords]);
        Assert.AreEqual("numeric", upgraded["CodedCategories"]);
        Assert.AreEqual("3", TextOptions.Upgrade(new Dictionary<string, string> { [TextOptions.LegacyName] = "word1+char3" })[TextOptions.Chars]);
    }
}
