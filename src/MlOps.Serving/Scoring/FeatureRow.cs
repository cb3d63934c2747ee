using MlOps.Core.Features;
using MlOps.Serving.Model;

namespace MlOps.Serving.Scoring;

/// <summary>
/// One input row of model inputs, indexed like <see cref="FeatureLayout.Columns"/>: <see cref="Numbers"/> for Single
/// columns (NaN = missing), <see cref="Texts"/> for text columns (null = missing), as the feature contract gives them.
/// </summary>
public sealed class FeatureRow
{
    public FeatureRow(int count)
    {
        Numbers = new float[count];
        Texts = new string?[count];
        Clear();
    }

    public float[] Numbers { get; }
    public string?[] Texts { get; }
    /// <summary>Values the model scores but training never saw (unknown categories, numbers far out of range), by column
    /// index; null when there are none (the usual row allocates nothing). The metrics count them once the row is scored.</summary>
    public List<(int Column, FeatureValueState State)>? Unusual { get; private set; }

    public void MarkUnusual(int i, FeatureValueState state) => (Unusual ??= []).Add((i, state));

    /// <summary>Column i's model input; a FeatureValue's Number is NaN for text columns and its Text null for Single ones.</summary>
    public void Set(int i, FeatureValue value)
    {
        Numbers[i] = value.Number;
        Texts[i] = value.Text;
    }

    /// <summary>Everything missing: fields a request leaves out are missing values the model imputes.</summary>
    public void Clear()
    {
        Array.Fill(Numbers, float.NaN);
        Array.Clear(Texts);
        Unusual = null;
    }
}
