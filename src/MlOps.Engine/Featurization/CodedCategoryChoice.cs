namespace MlOps.Engine.Featurization;

/// <summary>
/// Numeric columns that look like coded categories (whole numbers with a handful of distinct values, e.g. a
/// chest-pain type 1–4 or a rate code) are kept as numbers and can also be one-hot encoded. Whether the one-hot
/// copy pays is searched: linear trainers start with it (a code's effect is rarely linear in the code),
/// tree trainers without it (a split on the code already separates its values).
/// </summary>
internal static class CodedCategoryChoice
{
    public const string HyperparameterName = "CodedCategories";
    public static readonly string[] Names = ["numeric", "numeric+one-hot"];
    /// <summary>Two values are a flag (one-hot adds nothing); above this many, the column is treated as a quantity.</summary>
    public const int MinDistinct = 3, MaxDistinct = 10;

    public static int Initial(bool linear) => linear ? 1 : 0;

    /// <summary>Whole numbers only, with <see cref="MinDistinct"/> to <see cref="MaxDistinct"/> distinct values among the rows.</summary>
    public static bool LooksCoded(float[] values, int[] rows)
    {
        var seen = new HashSet<float>();
        foreach (var r in rows)
        {
            var v = values[r];
            if (float.IsNaN(v)) continue;
            if (v != MathF.Round(v) || (seen.Add(v) && seen.Count > MaxDistinct)) return false;
        }
        return seen.Count >= MinDistinct;
    }
}
