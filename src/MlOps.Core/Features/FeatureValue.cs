namespace MlOps.Core.Features;

/// <summary>What the feature contract makes of one raw value.</summary>
public enum FeatureValueState
{
    /// <summary>A value the model takes as it is.</summary>
    Present,
    /// <summary>No value (null, an empty cell, an absent field): the model imputes it as in training.</summary>
    Missing,
    /// <summary>A value the column's kind cannot hold ("abc" in a numeric column): training scores it as missing, serving refuses it.</summary>
    Invalid,
    /// <summary>A categorical value the training data never had: the model gets its text (it matches no category, so
    /// ML.NET's one-hot gives all zeros); serving scores and counts it, or refuses it (MLOPS_UNKNOWN_CATEGORY=reject).</summary>
    UnknownCategory,
    /// <summary>A number far outside the training range (<see cref="FeatureColumn.TrainingBounds"/>): the model gets it as
    /// it is; serving scores and counts it.</summary>
    OutOfRange,
}

/// <summary>
/// One raw value under the contract: the model input it gives and, for an invalid, unknown or out-of-range value, what
/// is wrong with it (the message a refused request carries). <see cref="Number"/> is the input of a Single column (NaN
/// unless Present or OutOfRange), <see cref="Text"/> that of a text column (null = missing, fed as empty; set for
/// Present and UnknownCategory).
/// </summary>
public readonly record struct FeatureValue(FeatureValueState State, float Number, string? Text, string? Problem)
{
    public static FeatureValue Missing { get; } = new(FeatureValueState.Missing, float.NaN, null, null);

    public static FeatureValue Of(float number) => new(FeatureValueState.Present, number, null, null);
    public static FeatureValue Of(string text) => new(FeatureValueState.Present, float.NaN, text, null);
    public static FeatureValue Invalid(string problem) => new(FeatureValueState.Invalid, float.NaN, null, problem);
    public static FeatureValue UnknownCategory(string text, string problem) => new(FeatureValueState.UnknownCategory, float.NaN, text, problem);
    public static FeatureValue OutOfRange(float number, string problem) => new(FeatureValueState.OutOfRange, number, null, problem);
}
