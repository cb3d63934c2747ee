using Microsoft.ML;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine.Metrics;

namespace MlOps.Engine;

/// <summary>Scores a saved model.zip on a data file and returns ML.NET's metrics for the task, under ML.NET's names.</summary>
public static class ModelEvaluator
{
    public static IReadOnlyDictionary<string, double> Evaluate(string modelPath, TabularData data, DataSchema schema)
    {
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(modelPath, out _);
        var scored = model.Transform(DataViewFactory.Create(data, schema, includeLabel: true));
        return MetricsCalculator.Evaluate(ml, schema.Task, scored, schema.Label);
    }
}
