using Microsoft.ML.Transforms.Text;

namespace MlOps.Engine.Featurization;

/// <summary>The searchable FeaturizeText settings: word n-gram length and whether to add char trigrams.</summary>
internal static class TextFeaturizerChoice
{
    public const string HyperparameterName = "TextFeaturizer";
    /// <summary>Index 0 is ML.NET's default; defaults configurations use it.</summary>
    public static readonly string[] Names = ["word1+char3", "word1-2+char3", "word1", "word1-2"];
    /// <summary>The initial point uses words only: char trigrams multiply the feature count, and the first trial must be cheap.</summary>
    public const int Initial = 2;

    public static TextFeaturizingEstimator.Options Options(int choice) => new()
    {
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = choice is 1 or 3 ? 2 : 1, UseAllLengths = true },
        CharFeatureExtractor = choice is 0 or 1 ? new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false } : null,
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };
}
