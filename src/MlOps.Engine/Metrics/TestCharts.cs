using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Artifacts;
using MlOps.Core.Schema;

namespace MlOps.Engine.Metrics;

/// <summary>
/// What the model card draws, measured on the same scored test rows as the test metrics: a confusion matrix
/// (classification), a ROC curve (binary) and residuals (regression). Bounded in size and free of randomness,
/// so metrics.json stays small and bit-identical under a fixed seed and trial budget.
/// </summary>
public sealed record TestCharts(ConfusionMatrixRecord? ConfusionMatrix, IReadOnlyList<RocPointRecord>? RocCurve, ResidualsRecord? Residuals)
{
    public const int MaxRocPoints = 101;
    public const int ResidualBins = 20;
    public const int MaxSamplePoints = 200;

    public static readonly TestCharts None = new(null, null, null);

    /// <summary><paramref name="scored"/>: the model's output on the test rows, label included.</summary>
    public static TestCharts Compute(DataSchema schema, IDataView scored) => schema.Task switch
    {
        MlTask.BinaryClassification => Binary(schema, scored),
        MlTask.MulticlassClassification => Multiclass(schema, scored),
        _ => new(null, null, ResidualSummary(
            scored.GetColumn<float>(schema.Label).ToArray(), scored.GetColumn<float>("Score").ToArray())),
    };

    private static TestCharts Binary(DataSchema schema, IDataView scored)
    {
        var actual = scored.GetColumn<bool>(schema.Label).ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var scores = scored.GetColumn<float>("Score").ToArray();
        var matrix = Confusion(schema.LabelClasses!, actual.Select(a => a ? 1 : 0), predicted.Select(p => p ? 1 : 0));
        return new(matrix, Roc(actual, scores), null);
    }

    private static TestCharts Multiclass(DataSchema schema, IDataView scored)
    {
        var classes = schema.LabelClasses!;
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        // The label is a key over the classes (1-based); PredictedLabel was mapped back to the class strings.
        var actual = scored.GetColumn<uint>(schema.Label).Select(k => (int)k - 1);
        var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(p => index.GetValueOrDefault(p.ToString(), -1));
        return new(Confusion(classes, actual, predicted), null, null);
    }

    private static ConfusionMatrixRecord Confusion(IReadOnlyList<string> classes, IEnumerable<int> actual, IEnumerable<int> predicted)
    {
        var counts = classes.Select(_ => new int[classes.Count]).ToArray();
        foreach (var (a, p) in actual.Zip(predicted))
            if (a >= 0 && a < classes.Count && p >= 0 && p < classes.Count) counts[a][p]++;
        return new ConfusionMatrixRecord(classes.ToList(), counts);
    }

    /// <summary>
    /// The exact ROC curve (tied scores form one step, as in the AUC), thinned to evenly spaced points when longer
    /// than <see cref="MaxRocPoints"/>. Null when the rows hold only one class: the curve is undefined.
    /// </summary>
    internal static IReadOnlyList<RocPointRecord>? Roc(bool[] actual, float[] scores)
    {
        var rows = Enumerable.Range(0, actual.Length).Where(i => float.IsFinite(scores[i]))
            .OrderByDescending(i => scores[i]).ToArray();
        var positives = rows.Count(i => actual[i]);
        var negatives = rows.Length - positives;
        if (positives == 0 || negatives == 0) return null;

        var curve = new List<RocPointRecord> { new(0, 0, null) };
        int tp = 0, fp = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            if (actual[rows[k]]) tp++; else fp++;
            if (k + 1 < rows.Length && scores[rows[k + 1]] == scores[rows[k]]) continue;
            curve.Add(new((double)fp / negatives, (double)tp / positives, scores[rows[k]]));
        }
        if (curve.Count <= MaxRocPoints) return curve;
        var steps = MaxRocPoints - 1;
        return Enumerable.Range(0, MaxRocPoints).Select(i => curve[(int)Math.Round((double)i * (curve.Count - 1) / steps)]).ToList();
    }

    /// <summary>Area under a curve by the trapezoid rule.</summary>
    public static double Area(IReadOnlyList<RocPointRecord> curve) =>
        Enumerable.Range(1, curve.Count - 1).Sum(i =>
            (curve[i].FalsePositiveRate - curve[i - 1].FalsePositiveRate) * (curve[i].TruePositiveRate + curve[i - 1].TruePositiveRate) / 2);

    internal static ResidualsRecord? ResidualSummary(float[] actual, float[] predicted)
    {
        var rows = Enumerable.Range(0, actual.Length).Where(i => float.IsFinite(actual[i]) && float.IsFinite(predicted[i])).ToArray();
        if (rows.Length == 0) return null;
        var residuals = rows.Select(i => (double)actual[i] - predicted[i]).ToArray();
        double min = residuals.Min(), max = residuals.Max();
        if (min == max) (min, max) = (min - 0.5, max + 0.5);
        var width = (max - min) / ResidualBins;
        var edges = Enumerable.Range(0, ResidualBins + 1).Select(b => b == ResidualBins ? max : min + b * width).ToArray();
        var counts = new int[ResidualBins];
        foreach (var r in residuals) counts[Math.Clamp((int)((r - min) / width), 0, ResidualBins - 1)]++;

        var (mean, std) = SampleStats.Of(residuals);
        // Evenly spaced rows, not a random draw: the same test data always gives the same sample.
        var size = Math.Min(MaxSamplePoints, rows.Length);
        var sample = Enumerable.Range(0, size).Select(s => rows[(int)((long)s * rows.Length / size)])
            .Select(i => new ActualPredictedRecord(actual[i], predicted[i])).ToList();
        return new ResidualsRecord(edges, counts, mean, std, sample);
    }
}
