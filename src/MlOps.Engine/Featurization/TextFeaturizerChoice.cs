using Microsoft.ML.Transforms.Text;

namespace MlOps.Engine.Featurization;

/// <summary>The searchable FeaturizeText settings: word n-gram length and whether to add char trigrams.</summary>
internal static class TextFeaturizerChoice
{
    public const string HyperparameterName = "TextFeaturizer";
    /// <summary>Index 0 is the initial (ML.NET default) choice.</summary>
    public static readonly string[] Names = ["word1+char3", "word1-2+char3", "word1", "word1-2"];

    public static TextFeaturizingEstimator.Options Options(int choice) => new()
    {
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = choice is 1 or 3 ? 2 : 1, UseAllLengths = true },
        CharFeatureExtractor = choice is 0 or 1 ? new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false } : null,
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };
}
