using Microsoft.ML;
using MlOps.Core.Schema;
using MlOps.Engine.Search;

namespace MlOps.Engine.Trainers;

/// <summary>What every trainer needs to know about the run; fixed for the whole search.</summary>
/// <param name="FeatureColumns">Raw columns feeding the features (numeric, categorical and text alike); 0 when unknown.</param>
internal sealed record TrainerContext(MlTask Task, string Label, string Features, int Classes, int Rows, int Threads, bool Deterministic, int Seed,
    int FeatureColumns = 0);

/// <summary>
/// One trainer of the portfolio: its search space (with a low-cost initial point), a cost proxy,
/// and how to build the ML.NET estimator for a configuration.
/// </summary>
internal abstract class TrainerCandidate
{
    /// <summary>The name settings.Trainers uses ("LightGbm", "FastTree", "FastForest", "Sdca", "Lbfgs").</summary>
    public abstract string Name { get; }
    /// <summary>Linear trainers get min-max normalized features and a cache checkpoint (they make many passes).</summary>
    public abstract bool IsLinear { get; }
    public abstract IReadOnlyList<Hyperparameter> Space(TrainerContext context);
    /// <summary>Relative training cost of a configuration (LightGbm's initial point is about 1). Deterministic by design.</summary>
    public abstract double Cost(Configuration config, TrainerContext context);
    public abstract IEstimator<ITransformer> Build(MLContext ml, Configuration config, TrainerContext context);

    public virtual bool Supports(MlTask task) => true;

    /// <summary>
    /// Robust configurations tried right after the initial point (FLAML-style zero-shot defaults): values by
    /// hyperparameter name, the initial value for any name left out. Empty when the initial point is the default.
    /// </summary>
    public virtual IReadOnlyList<IReadOnlyDictionary<string, double>> Defaults(TrainerContext context) => [];

    /// <summary>Boosted/bagged trees: cost grows with trees, depth (log leaves) and the features each tree sees.</summary>
    protected static double TreeCost(double trees, double leaves, double featureFraction) =>
        trees * (1 + Math.Log2(leaves) / 2) * (0.2 + 0.8 * featureFraction) / 12;

    protected static int ClassFactor(TrainerContext context) => context.Task == MlTask.MulticlassClassification ? context.Classes : 1;

    /// <summary>Leaves above half the rows cannot all be filled; capping keeps the space honest on small data.</summary>
    protected static double MaxLeaves(TrainerContext context) => Math.Clamp(context.Rows / 2.0, 4, 1024);

    /// <summary>Default leaves, scaled down on small data (about 50 rows per leaf) so defaults do not overfit it.</summary>
    protected static double DefaultLeaves(TrainerContext context, double leaves) => Math.Clamp(context.Rows / 50.0, 4, leaves);

    /// <summary>
    /// Feature fraction of the feature-bagged defaults: half the columns, and less on wide data (over 30 columns),
    /// where many weak, correlated columns (pixels, sensors) let every tree lean on the same few; decorrelating the
    /// trees generalizes better. Never under 0.25, so each tree still sees a sizeable share.
    /// </summary>
    protected static double BaggedFeatureFraction(TrainerContext context) =>
        context.FeatureColumns > 30 ? Math.Max(0.25, 0.5 * Math.Sqrt(30.0 / context.FeatureColumns) + 0.05) : 0.5;

    /// <summary>Default minimum rows per leaf, scaled down on small data.</summary>
    protected static double DefaultMinLeaf(TrainerContext context, double count) => Math.Clamp(context.Rows / 100.0, 2, count);

    /// <summary>Defaults add char trigrams to the text featurizer; the initial point goes without (see <see cref="Featurization.TextOptions"/>).</summary>
    protected const string TextChars = Featurization.TextOptions.Chars;
    protected const int CharTrigrams = Featurization.TextOptions.CharTrigrams;
}
