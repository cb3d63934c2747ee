using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Schema;
using MlOps.Serving.Model;

namespace MlOps.Serving.Scoring;

/// <summary>
/// One single-threaded scoring pipeline: the model bound once to a one-row input (ITransformer.GetRowToRowMapper)
/// with its output getters cached, so a prediction is "swap the input row, call the getters" and allocates
/// almost nothing. ML.NET's PredictionEngine does the same but needs compile-time row classes; our schema
/// is only known at run time. Not thread-safe: <see cref="Predictor"/> pools these.
/// </summary>
internal sealed class ScoringWorker : IDisposable
{
    private readonly MlTask _task;
    private readonly FeatureRowInput _input;
    private readonly IReadOnlyList<string>? _classes;
    private readonly ValueGetter<float> _score = null!;
    private readonly ValueGetter<float>? _probability;
    private readonly ValueGetter<bool>? _binaryLabel;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _classLabel;
    private readonly ValueGetter<VBuffer<float>>? _scores;
    private VBuffer<float> _scoreBuffer;

    public ScoringWorker(ITransformer model, FeatureLayout layout)
    {
        _task = layout.Schema.Task;
        _input = new FeatureRowInput(layout);
        var mapper = model.GetRowToRowMapper(layout.InputSchema);
        var schema = mapper.OutputSchema;
        var outputs = new List<DataViewSchema.Column> { Column(schema, "Score") };
        if (_task != MlTask.Regression) outputs.Add(Column(schema, "PredictedLabel"));
        if (_task == MlTask.BinaryClassification && schema.GetColumnOrNull("Probability") is { } p) outputs.Add(p);
        var row = mapper.GetRow(_input, outputs);

        switch (_task)
        {
            case MlTask.BinaryClassification:
                _classes = layout.Schema.LabelClasses;
                _score = row.GetGetter<float>(outputs[0]);
                _binaryLabel = row.GetGetter<bool>(outputs[1]);
                _probability = outputs.Count > 2 ? row.GetGetter<float>(outputs[2]) : null;
                break;
            case MlTask.MulticlassClassification:
                _classes = ClassesOf(outputs[0], layout.Schema.LabelClasses);
                _scores = row.GetGetter<VBuffer<float>>(outputs[0]);
                _classLabel = row.GetGetter<ReadOnlyMemory<char>>(outputs[1]);
                break;
            default:
                _score = row.GetGetter<float>(outputs[0]);
                break;
        }
    }

    public Prediction Predict(FeatureRow features)
    {
        _input.MoveTo(features);
        switch (_task)
        {
            case MlTask.BinaryClassification:
            {
                float score = 0, probability = float.NaN;
                var positive = false;
                _score(ref score);
                _binaryLabel!(ref positive);
                _probability?.Invoke(ref probability);
                // The engine trains binary labels as "is LabelClasses[1]".
                return new Prediction(_task, _classes?[positive ? 1 : 0] ?? (positive ? "true" : "false"), probability, score, null, null);
            }
            case MlTask.MulticlassClassification:
            {
                ReadOnlyMemory<char> label = default;
                _classLabel!(ref label);
                _scores!(ref _scoreBuffer);
                var scores = new float[_classes!.Count];
                _scoreBuffer.CopyTo(scores);
                return new Prediction(_task, label.ToString(), float.NaN, float.NaN, _classes, scores);
            }
            default:
            {
                float value = 0;
                _score(ref value);
                return new Prediction(_task, null, float.NaN, value, null, null);
            }
        }
    }

    private static DataViewSchema.Column Column(DataViewSchema schema, string name) =>
        schema.GetColumnOrNull(name) ?? throw new InvalidOperationException(
            $"The model has no output column '{name}' (it has {string.Join(", ", schema.Select(c => c.Name))}). Rebuild it with this SDK.");

    /// <summary>Score slot i is class key i+1: the slot names when the trainer kept them, else the schema's class order.</summary>
    private static IReadOnlyList<string> ClassesOf(DataViewSchema.Column score, IReadOnlyList<string>? fallback)
    {
        if (score.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            score.GetSlotNames(ref names);
            var list = names.DenseValues().Select(n => n.ToString()).ToArray();
            if (list.Length > 0 && list.All(n => n.Length > 0)) return list;
        }
        return fallback ?? throw new InvalidOperationException("A multiclass schema must list its label classes.");
    }

    /// <summary>The input row is a DataViewRow, which ML.NET makes disposable.</summary>
    public void Dispose() => _input.Dispose();
}
