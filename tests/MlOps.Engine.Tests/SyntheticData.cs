using System.Globalization;
using MlOps.Core.Data;
using MlOps.Core.Schema;

namespace MlOps.Engine.Tests;

/// <summary>Small deterministic datasets built in memory: TabularData plus a hand-written DataSchema.</summary>
internal static class SyntheticData
{
    private static readonly string[] Colors = ["red", "green", "blue"];

    /// <summary>Two numeric features (x2 has ~10% missing), a 3-value categorical; the label depends on all of them.</summary>
    public static (TabularData Data, DataSchema Schema) Create(MlTask task, int rows, int seed = 7, string path = "synthetic.csv")
    {
        var random = new Random(seed);
        var x1 = new string?[rows];
        var x2 = new string?[rows];
        var color = new string?[rows];
        var label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            var a = random.NextDouble() * 4 - 2;
            var b = random.NextDouble() * 4 - 2;
            var c = random.Next(3);
            var noise = (random.NextDouble() - 0.5) * 0.6;
            x1[r] = F(a);
            x2[r] = random.NextDouble() < 0.1 ? null : F(b);
            color[r] = Colors[c];
            var signal = a + 0.7 * b + (c == 0 ? 1.0 : c == 1 ? -0.5 : 0) + noise;
            label[r] = task switch
            {
                MlTask.BinaryClassification => signal > 0 ? "1" : "0",
                MlTask.MulticlassClassification => signal < -0.8 ? "low" : signal < 0.8 ? "mid" : "high",
                _ => F(3 * a - 2 * b + c + noise),
            };
        }
        var data = new TabularData(path, ',', true, ["x1", "x 2", "color", "target"], [x1, x2, color, label]);
        var schema = new DataSchema
        {
            Label = "target",
            Task = task,
            LabelClasses = task switch
            {
                MlTask.BinaryClassification => ["0", "1"],
                MlTask.MulticlassClassification => ["high", "low", "mid"],
                _ => null,
            },
            Columns =
            [
                new ColumnSchema { Name = "x1", Kind = ColumnKind.Numeric },
                new ColumnSchema { Name = "x 2", Kind = ColumnKind.Numeric, MissingRate = 0.1 },
                new ColumnSchema { Name = "color", Kind = ColumnKind.Categorical, DistinctCount = 3 },
                new ColumnSchema { Name = "target", Kind = task == MlTask.Regression ? ColumnKind.Numeric : ColumnKind.Categorical },
            ],
            RowCount = rows,
        };
        return (data, schema);
    }

    /// <summary>A whole-number code 1..6 and a noise column; the label is 1 for codes 2 and 5, which no single weight on the code separates.</summary>
    public static (TabularData Data, DataSchema Schema) Coded(int rows, int seed = 3)
    {
        var random = new Random(seed);
        var code = new string?[rows];
        var noise = new string?[rows];
        var label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            var c = 1 + random.Next(6);
            code[r] = c.ToString(CultureInfo.InvariantCulture);
            noise[r] = F(random.NextDouble());
            label[r] = c is 2 or 5 ? "1" : "0";
        }
        var data = new TabularData("coded.csv", ',', true, ["code", "noise", "y"], [code, noise, label]);
        var schema = new DataSchema
        {
            Label = "y", Task = MlTask.BinaryClassification, LabelClasses = ["0", "1"], RowCount = rows,
            Columns = [new() { Name = "code", Kind = ColumnKind.Numeric }, new() { Name = "noise", Kind = ColumnKind.Numeric }, new() { Name = "y", Kind = ColumnKind.Categorical }],
        };
        return (data, schema);
    }

    /// <summary>One text column: each class has its own topic words, mixed with shared ones (about 30% topic words).</summary>
    public static (TabularData Data, DataSchema Schema) Topics(int rows, int classes, int seed, MlTask task = MlTask.MulticlassClassification)
    {
        var random = new Random(seed);
        var shared = Enumerable.Range(0, 200).Select(i => $"common{i}").ToArray();
        var text = new string?[rows];
        var label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            var c = r % classes;
            var words = Enumerable.Range(0, 10).Select(_ => random.NextDouble() < 0.3
                ? $"topic{c}w{random.Next(6)}"
                : shared[random.Next(shared.Length)]);
            text[r] = string.Join(' ', words);
            label[r] = $"class{c:00}";
        }
        var data = new TabularData("topics.tsv", '\t', true, ["Text", "Topic"], [text, label]);
        var schema = new DataSchema
        {
            Label = "Topic",
            Task = task,
            LabelClasses = Enumerable.Range(0, classes).Select(c => $"class{c:00}").ToArray(),
            Columns =
            [
                new ColumnSchema { Name = "Text", Kind = ColumnKind.Text },
                new ColumnSchema { Name = "Topic", Kind = ColumnKind.Categorical, DistinctCount = classes },
            ],
            RowCount = rows,
        };
        return (data, schema);
    }

    public static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    public static AutoMLSettings Settings(MlTask task, double seconds = 60, int? maxTrials = null, int seed = 1, params string[] trainers) => new()
    {
        Task = task,
        TrainingTimeSeconds = seconds,
        MaxTrials = maxTrials,
        Seed = seed,
        Trainers = trainers.Length == 0 ? null : trainers,
    };
}
