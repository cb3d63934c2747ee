using Microsoft.ML;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Engine.Featurization;
using MlOps.Engine.Replay;

namespace MlOps.Engine.Onnx;

/// <summary>
/// model.onnx (MlOpsExportOnnx): the same pipeline as model.zip, converted by ML.NET's ONNX converter. Measured on ML.NET 5.0.1
/// with Microsoft.ML.OnnxConverter 0.23.1 and ONNX Runtime 1.31.1 (docs/onnx.md): every trainer of the portfolio and every
/// featurizer exports, except the default text normalization (diacritics removed: the converter fails; lowercasing and stop words:
/// ONNX Runtime needs the en_US.UTF-8 locale). Exportable runs therefore featurize text as written (<see cref="TextOptions.Normalization"/>).
/// </summary>
public static class OnnxExport
{
    /// <summary>The model's outputs the ONNX graph keeps, by task (ML.NET names them "&lt;column&gt;.output").</summary>
    public static IReadOnlyList<string> Outputs(MlTask task) => task switch
    {
        MlTask.Regression => ["Score"],
        MlTask.BinaryClassification => ["PredictedLabel", "Score", "Probability"],
        _ => ["PredictedLabel", "Score"],
    };

    /// <summary>The steps of a plan the converter (or ONNX Runtime on a machine without the en_US.UTF-8 locale) cannot run; empty when it exports.</summary>
    internal static IReadOnlyList<string> Unsupported(FeaturizationPlan plan) => plan.OnnxExportable
        ? []
        : plan.Text.Select(c => $"FeaturizeText({c}) with lowercasing and diacritic removal").ToList();

    /// <summary>A replayed recipe must have been searched with MlOpsExportOnnx when it featurizes text, else MLOPS3040 before any fit.</summary>
    public static void RequireExportable(TrainingRecipe recipe, string manifestPath)
    {
        var unsupported = Unsupported(RecipeCodec.Plan(recipe));
        if (unsupported.Count > 0) throw NotExportable(unsupported, manifestPath,
            "The manifest was trained without MlOpsExportOnnx; retrain without MlOpsReplay (the search then featurizes text as written) or set MlOpsExportOnnx to false.");
    }

    internal static MlOpsException NotExportable(IReadOnlyList<string> unsupported, string? file, string remedy) =>
        new(ErrorCodes.OnnxPipelineUnsupported,
            $"model.onnx cannot be written: ML.NET's ONNX converter does not support {string.Join(", ", unsupported)}. {remedy}", file);

    /// <summary>Converts the model with the raw feature columns as inputs (no label) and only <see cref="Outputs"/> as outputs.</summary>
    public static void Save(AutoMLResult result, MlTask task, string path)
    {
        if (result.ScoringInput is null) throw new InvalidOperationException("The result carries no scoring input schema.");
        try
        {
            using var file = File.Create(path);
            result.Context.Model.ConvertToOnnx(result.Model, result.ScoringInput, file, [.. Outputs(task)]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MlOpsException(ErrorCodes.OnnxConversionFailed,
                $"model.onnx cannot be written: ML.NET's ONNX converter failed on the {result.BestTrial.Trainer} pipeline ({string.Join(", ", result.Featurization)}): {e.Message} Set MlOpsExportOnnx to false, or leave the trainer out with MlOpsTrainers.");
        }
    }
}
