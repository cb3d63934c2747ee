using MlOps.Core.Artifacts;
using MlOps.Core.Schema;
using static MlOps.Tool.Cards.CardText;

namespace MlOps.Tool.Cards;

/// <summary>A table of plain (unescaped) text; each renderer escapes it its own way.</summary>
public sealed record CardTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The words and tables of a model card, shared by the Markdown and the HTML version so the two always say the same.
/// Plain text: renderers escape it.
/// </summary>
public sealed class CardContent
{
    /// <summary>Features listed (and charted) by importance.</summary>
    public const int TopFeatures = 15;

    public required string Title { get; init; }
    public required string Summary { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<string> Limitations { get; init; }
    public required CardTable Metrics { get; init; }
    public required string TestSource { get; init; }
    /// <summary>Classification: rows = actual class, columns = predicted class.</summary>
    public CardTable? ConfusionMatrix { get; init; }
    public string? EvaluationSummary { get; init; }
    public required CardTable Importance { get; init; }
    public required string ImportanceMethod { get; init; }
    public required CardTable Profile { get; init; }
    public required IReadOnlyList<(string Key, string Value)> Lineage { get; init; }

    public static CardContent From(ModelCardInput card)
    {
        var (manifest, metrics, schema) = (card.Manifest, card.Metrics, card.Schema);
        var trainingRows = manifest.Data.Where(d => d.Role == "training").Sum(d => d.Rows);
        // metrics.json names a test file by its full path; the manifest by its path in the project: the card stays machine-independent.
        var testFiles = manifest.Data.Where(d => d.Role == "test").Select(d => d.Path).ToList();
        var testSource = testFiles.Count > 0 && Path.IsPathRooted(metrics.TestSource) ? string.Join(", ", testFiles) : metrics.TestSource;
        return new CardContent
        {
            Title = $"{card.Name} {card.Version}",
            Summary = $"A {TaskWords(schema.Task)} model that predicts '{manifest.Label}', trained by MlOps.Sdk {manifest.SdkVersion} " +
                      $"(ML.NET {manifest.MlNetVersion}). Model: {manifest.BestTrainer.Trainer}, chosen for {manifest.OptimizingMetric}.",
            Description = card.Description,
            Limitations =
            [
                $"Trained on {trainingRows} rows; the test metrics come from {testSource}. They hold for data like it, not for a population the data does not cover.",
                "Inputs outside the ranges and categories of the data profile below are extrapolations; watch for drift in production.",
                "Feature importance measures association in this data, not causation.",
            ],
            Metrics = MetricsTable(metrics),
            TestSource = testSource,
            ConfusionMatrix = metrics.ConfusionMatrix is { } m
                ? new CardTable(["actual \\ predicted", .. m.Classes], m.Classes.Select((c, i) => (IReadOnlyList<string>)[c, .. m.Counts[i].Select(n => n.ToString())]).ToList())
                : null,
            EvaluationSummary = Evaluation(metrics),
            Importance = new CardTable(["Rank", "Column", "Importance", "Std. dev."],
                metrics.FeatureImportance.Take(TopFeatures).Select((f, i) => (IReadOnlyList<string>)[(i + 1).ToString(), f.Column, Number(f.Importance), Number(f.StdDev)]).ToList()),
            ImportanceMethod = metrics.FeatureImportanceMethod ?? "not measured",
            Profile = new CardTable(["Column", "Kind", "Missing", "Distinct", "Values"], schema.Columns.Select(c => ProfileRow(c, schema)).ToList()),
            Lineage = LineageOf(card),
        };
    }

    private static string TaskWords(MlTask task) => task switch
    {
        MlTask.BinaryClassification => "binary classification",
        MlTask.MulticlassClassification => "multiclass classification",
        _ => "regression",
    };

    /// <summary>The optimizing metric first, then the rest in ordinal order.</summary>
    public static IEnumerable<string> MetricNames(MetricsReport metrics) =>
        metrics.Test.Keys.Union(metrics.Validation.Keys).OrderBy(n => n == metrics.OptimizingMetric ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal);

    private static CardTable MetricsTable(MetricsReport metrics) =>
        new(["Metric", "Validation", "Test"], MetricNames(metrics).Select(n => (IReadOnlyList<string>)
        [
            n == metrics.OptimizingMetric ? n + " (optimized)" : n,
            metrics.Validation.TryGetValue(n, out var v) ? Number(v) : "",
            metrics.Test.TryGetValue(n, out var t) ? Number(t) : "",
        ]).ToList());

    private static string? Evaluation(MetricsReport metrics)
    {
        if (metrics.RocCurve is { Count: > 1 } roc)
            return $"ROC curve on the test rows: AUC {Number(metrics.Test.GetValueOrDefault("AreaUnderRocCurve", double.NaN))} ({roc.Count} points).";
        if (metrics.Residuals is { } r)
            return $"Residuals (actual − predicted) on {r.Counts.Sum()} test rows: mean {Number(r.Mean)}, standard deviation {Number(r.StdDev)}, " +
                   $"from {Number(r.BinEdges[0])} to {Number(r.BinEdges[^1])}.";
        return null;
    }

    private static IReadOnlyList<string> ProfileRow(ColumnSchema c, DataSchema schema)
    {
        var kind = c.Name == schema.Label ? "label" : c.Kind.ToString().ToLowerInvariant();
        var values = c.Kind == ColumnKind.Ignored && c.Name != schema.Label ? $"ignored: {c.Reason}"
            : c.Min is { } min && c.Max is { } max ? $"{Number(min)} to {Number(max)}, mean {Number(c.Mean ?? double.NaN)}"
            : c.Categories is { Count: > 0 } cats ? string.Join(", ", cats.Take(3).Select(k => $"{k.Value} ({k.Count})")) + (cats.Count > 3 ? ", …" : "")
            : "";
        return [c.Name, kind, Percent(c.MissingRate), c.DistinctCount.ToString(), values];
    }

    private static List<(string, string)> LineageOf(ModelCardInput card)
    {
        var m = card.Manifest;
        var lineage = new List<(string, string)> { ("Model version", card.Version) };
        if (card.Owners is { Length: > 0 } owners) lineage.Add(("Owners", owners));
        if (card.License is { Length: > 0 } license) lineage.Add(("License", license));
        if (card.Copyright is { Length: > 0 } copyright) lineage.Add(("Copyright", copyright));
        if (card.Contact is { Length: > 0 } contact) lineage.Add(("Contact", contact));
        if (card.RepositoryUrl is { Length: > 0 } repo) lineage.Add(("Repository", repo));
        if (m.Git is { } git) lineage.Add(("Git commit", git.Commit + (git.Dirty ? " (uncommitted changes)" : "")));
        lineage.AddRange(m.Data.Select(d => ($"{char.ToUpperInvariant(d.Role[0])}{d.Role[1..]} data", $"{d.Path}: {d.Rows} rows, SHA-256 {d.Sha256}")));
        lineage.Add(("Trainer", m.BestTrainer.Trainer + " " + string.Join(", ", m.BestTrainer.Hyperparameters.Select(h => $"{h.Key}={h.Value}"))));
        lineage.Add(("Featurization", string.Join("; ", m.Featurization)));
        lineage.Add(("Validation", card.Metrics.ValidationMethod));
        lineage.Add(("Search", $"{m.Mode}, seed {m.Seed}, {m.Budget.TrialsRun} trial(s), budget {Number(m.Budget.TrainingTimeSeconds)} s" +
                               (m.Budget.MaxTrials is { } max ? $" or {max} trials" : "")));
        lineage.Add(("Trained", $"{m.FinishedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC in {Number(m.TrainingSeconds)} s"));
        lineage.Add(("Model SHA-256", m.ModelSha256));
        lineage.Add(("Toolchain", $"MlOps.Sdk {m.SdkVersion}, ML.NET {m.MlNetVersion}"));
        return lineage;
    }
}
