using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace MlOps.Engine.Featurization;

/// <summary>Builds the ML.NET estimator chain for a <see cref="FeaturizationPlan"/>; output column is __Features.</summary>
internal static class FeaturizerBuilder
{
    public static IEstimator<ITransformer> Build(MLContext ml, FeaturizationPlan plan, TextFeaturizingEstimator.Options text, bool codedOneHot, bool normalize)
    {
        var t = ml.Transforms;
        var parts = new List<string>();
        IEstimator<ITransformer>? chain = null;
        void Append(IEstimator<ITransformer> next) => chain = chain is null ? next : chain.Append(next);

        if (plan.Numeric.Count > 0)
        {
            // Mean imputation for every numeric column: test-time missing values can appear in any of them.
            Append(t.ReplaceMissingValues(plan.Numeric.Select(c => new InputOutputColumnPair(Internal(c), c)).ToArray()));
            parts.AddRange(plan.Numeric.Select(Internal));
        }
        if (plan.WithMissing.Count > 0)
        {
            var pairs = plan.WithMissing.Select(c => new InputOutputColumnPair(FeaturizationPlan.IndicatorPrefix + c, c)).ToArray();
            Append(t.IndicateMissingValues(pairs));
            Append(t.Conversion.ConvertType(pairs.Select(p => new InputOutputColumnPair(p.OutputColumnName)).ToArray(), DataKind.Single));
            parts.AddRange(pairs.Select(p => p.OutputColumnName));
        }
        if (codedOneHot && plan.HasCoded)
        {
            // From the raw column: a missing value maps to no category (all zeros), its imputed copy stays in the numbers.
            Append(t.Categorical.OneHotEncoding(plan.Coded.Select(c => new InputOutputColumnPair(Coded(c), c)).ToArray()));
            parts.AddRange(plan.Coded.Select(Coded));
        }
        if (plan.OneHot.Count > 0)
        {
            Append(t.Categorical.OneHotEncoding(plan.OneHot.Select(c => new InputOutputColumnPair(Internal(c), c)).ToArray()));
            parts.AddRange(plan.OneHot.Select(Internal));
        }
        foreach (var (column, bits) in plan.Hashed)
        {
            Append(t.Categorical.OneHotHashEncoding(Internal(column), column, numberOfBits: bits));
            parts.Add(Internal(column));
        }
        foreach (var column in plan.Text)
        {
            Append(t.Text.FeaturizeText(Internal(column), text, column));
            parts.Add(Internal(column));
        }

        Append(t.Concatenate(FeaturizationPlan.FeaturesColumn, parts.ToArray()));
        if (normalize) Append(t.NormalizeMinMax(FeaturizationPlan.FeaturesColumn));
        return chain!;
    }

    private static string Internal(string column) => FeaturizationPlan.Prefix + column;
    private static string Coded(string column) => FeaturizationPlan.CodedPrefix + column;
}
