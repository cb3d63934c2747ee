using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlOps.Tests.Shared;

/// <summary>
/// Scores a model.onnx with ONNX Runtime as a non-.NET consumer would: one [rows, 1] tensor per raw input column, float for
/// numbers (an empty cell is NaN, imputed by the graph) and string for categories and text; returns every float output by name,
/// rows concatenated. One row per run: the converter's text featurizer only takes a batch of one (docs/onnx.md).
/// </summary>
public static class OnnxScoring
{
    public sealed record Result(IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, float[]> Outputs);

    /// <param name="cells">The raw cells of each input column, by column name, all of the same length.</param>
    public static Result Score(byte[] model, IReadOnlyDictionary<string, string?[]> cells)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model, options);
        var outputs = new Dictionary<string, List<float>>();
        for (var row = 0; row < cells.Values.First().Length; row++)
        {
            var feeds = session.InputMetadata.Select(input => input.Value.ElementType == typeof(string)
                ? NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<string>(new[] { cells[input.Key][row] ?? "" }, [1, 1]))
                : NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<float>(new[] { Number(cells[input.Key][row]) }, [1, 1]))).ToList();
            using var results = session.Run(feeds);
            // Float outputs only: scores and probabilities (a multiclass PredictedLabel is a string tensor, a binary one bool).
            foreach (var result in results.Where(r => r.ElementType == TensorElementType.Float))
            {
                if (!outputs.TryGetValue(result.Name, out var values)) outputs[result.Name] = values = [];
                values.AddRange(result.AsTensor<float>());
            }
        }
        return new Result(session.InputMetadata.Keys.ToList(), outputs.ToDictionary(o => o.Key, o => o.Value.ToArray()));
    }

    private static float Number(string? cell) =>
        string.IsNullOrWhiteSpace(cell) ? float.NaN : float.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
}
