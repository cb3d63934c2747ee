using MlOps.Serving.Model;

namespace MlOps.Serving.Scoring;

/// <summary>
/// One validated input row, indexed like <see cref="FeatureLayout.Features"/>. Missing values are NaN
/// (numeric, boolean) or null (categorical, text), exactly what the engine fed the model in training.
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

    /// <summary>Everything missing: fields a request leaves out are missing values the model imputes.</summary>
    public void Clear()
    {
        Array.Fill(Numbers, float.NaN);
        Array.Clear(Texts);
    }
}
