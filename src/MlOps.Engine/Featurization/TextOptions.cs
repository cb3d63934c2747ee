using Microsoft.ML.Transforms.Text;
using MlOps.Engine.Search;

namespace MlOps.Engine.Featurization;

/// <summary>
/// The searchable FeaturizeText settings, one dimension each, so the local search can move them independently:
/// word n-grams, char n-grams, TF vs TF-IDF weighting and English stop words. The starting points follow the
/// short-text evidence: word uni+bigrams with TF-IDF and L2 normalization is the strong linear baseline
/// (Wang and Manning 2012, "Baselines and Bigrams"; scikit-learn's TfidfVectorizer default pipeline), char n-grams
/// help on short, noisy or misspelled text, and trees (which split on single slots) start with plain counts.
/// Every setting is L2-normalized per row, so texts of different length compare.
/// </summary>
internal static class TextOptions
{
    public const string Words = "TextWords", Chars = "TextChars", Weighting = "TextWeighting", StopWords = "TextStopWords";
    /// <summary>
    /// Present only in ONNX-exportable runs (MlOpsExportOnnx), with the single choice <see cref="AsWritten"/>: ML.NET's converter
    /// cannot export diacritic removal, and ONNX Runtime's lowercasing and stop-word removal (StringNormalizer) need the en_US.UTF-8
    /// locale, which Linux images rarely have. Recorded in the recipe, so a replay featurizes as the search did.
    /// </summary>
    public const string Normalization = "TextNormalization", AsWritten = "as written";
    public static readonly string[] WordNames = ["1", "1-2", "1-3"];
    /// <summary>ML.NET's char extractor takes all lengths up to n (with UseAllLengths) or n only: "1-4" includes single characters.</summary>
    public static readonly string[] CharNames = ["none", "3", "1-4"];
    public static readonly string[] WeightingNames = ["tf", "tf-idf"];
    public static readonly string[] StopWordNames = ["keep", "remove"];
    /// <summary>Index of char trigrams in <see cref="CharNames"/>: the trainers' robust defaults add them.</summary>
    public const int CharTrigrams = 1;
    /// <summary>
    /// Document frequencies from a few hundred texts are noise: on wikidetox (171 fit rows per fold) starting from TF-IDF
    /// scored 0.717/0.604/0.698 test accuracy over seeds 1-3, from TF 0.736/0.679/0.736; on fortunes (9,690 rows) TF-IDF gained 0.006.
    /// </summary>
    public const int IdfMinRows = 1_000;

    /// <summary>
    /// The text dimensions of a trainer's space. Linear trainers start with word 1-2 + char trigrams: on fortunes
    /// (41 classes) the trigrams raised SDCA's validation micro-accuracy from 0.42 to 0.50 for about the same time. They start
    /// with TF-IDF from <see cref="IdfMinRows"/> fit rows, below with plain TF. Trees start cheap (words, counts) as their
    /// cost grows with the slots; their defaults add the trigrams.
    /// </summary>
    public static IEnumerable<Hyperparameter> Space(bool linear, int fitRows, bool onnxExportable) =>
    [
        Hyperparameter.Choice(Words, WordNames, linear ? 1 : 0),
        Hyperparameter.Choice(Chars, CharNames, linear ? CharTrigrams : 0),
        Hyperparameter.Choice(Weighting, WeightingNames, linear && fitRows >= IdfMinRows ? 1 : 0),
        // Exportable runs keep stop words: removing them needs the locale that ONNX Runtime's StringNormalizer asks for.
        Hyperparameter.Choice(StopWords, onnxExportable ? StopWordNames[..1] : StopWordNames, 0),
        .. onnxExportable ? new[] { Hyperparameter.Choice(Normalization, [AsWritten]) } : [],
    ];

    public static TextFeaturizingEstimator.Options Options(Configuration config)
    {
        var (words, chars, weighting, stopWords) = Read(config);
        var weight = weighting == 1 ? NgramExtractingEstimator.WeightingCriteria.TfIdf : NgramExtractingEstimator.WeightingCriteria.Tf;
        // Text as written (exportable runs): no case folding, diacritics kept, so the featurizer exports and runs under any locale.
        var asWritten = config.Has(Normalization);
        return new TextFeaturizingEstimator.Options
        {
            CaseMode = asWritten ? TextNormalizingEstimator.CaseMode.None : TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = asWritten,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = words + 1, UseAllLengths = true, Weighting = weight },
            CharFeatureExtractor = chars switch
            {
                0 => null,
                1 => new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false, Weighting = weight },
                _ => new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = true, Weighting = weight },
            },
            StopWordsRemoverOptions = stopWords == 1 ? new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English } : null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
    }

    /// <summary>Identity of the text settings of a configuration: configurations with the same key featurize text identically.</summary>
    public static string Key(Configuration config)
    {
        var (words, chars, weighting, stopWords) = Read(config);
        return $"words {WordNames[words]}, chars {CharNames[chars]}, {WeightingNames[weighting]}, stop words {StopWordNames[stopWords]}"
            + (config.Has(Normalization) ? $", {AsWritten}" : "");
    }

    /// <summary>The single text choice of manifests recorded before these dimensions, by its option names.</summary>
    public const string LegacyName = "TextFeaturizer";
    private static readonly string[] LegacyNames = ["word1+char3", "word1-2+char3", "word1", "word1-2"];

    /// <summary>
    /// A recipe's choices with a legacy <see cref="LegacyName"/> choice spelled as today's dimensions (TF, stop words kept,
    /// as then), so those manifests still replay; other recipes are returned as they are.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Upgrade(IReadOnlyDictionary<string, string> choices)
    {
        if (choices.ContainsKey(Words) || !choices.TryGetValue(LegacyName, out var legacy)) return choices;
        var i = Array.IndexOf(LegacyNames, legacy);
        if (i < 0) return choices;
        var upgraded = choices.ToDictionary(kv => kv.Key, kv => kv.Value);
        upgraded[Words] = WordNames[i is 1 or 3 ? 1 : 0];
        upgraded[Chars] = CharNames[i is 0 or 1 ? CharTrigrams : 0];
        upgraded[Weighting] = WeightingNames[0];
        upgraded[StopWords] = StopWordNames[0];
        return upgraded;
    }

    /// <summary>A configuration without text dimensions (e.g. a replayed recipe from before they existed) gets ML.NET's FeaturizeText defaults.</summary>
    private static (int Words, int Chars, int Weighting, int StopWords) Read(Configuration config) => config.Has(Words)
        ? (config.Int(Words), config.Int(Chars), config.Int(Weighting), config.Int(StopWords))
        : (0, CharTrigrams, 0, 0);
}
