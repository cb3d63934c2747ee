using System.Text.Json;
using MlOps.Core.Data;

namespace MlOps.Core.Features;

/// <summary>
/// Numbers: text by <see cref="ValueParsing.TryParseNumber(string, out double)"/> (invariant, no thousands separators,
/// NaN and infinities are no numbers), JSON numbers, typed float?. The input is the Single nearest the value; a value
/// beyond Single's range is invalid (the model would get infinity), and a typed NaN or infinity is missing.
/// </summary>
internal sealed class NumericRule() : FeatureRule(ModelInputType.Single, "a number",
    new TypedForm("float?", "float", null, "{value}.HasValue && float.IsFinite({value}.Value) ? {value}.Value : float.NaN"))
{
    public override FeatureValue FromTyped(object? value) => value is float f && float.IsFinite(f) ? FeatureValue.Of(f) : FeatureValue.Missing;

    protected override FeatureValue ParseText(string cell) =>
        ValueParsing.TryParseNumber(cell, out var d) ? Single(d, $"'{cell}'") : NotExpected($"'{cell}'");

    protected override FeatureValue ParseJson(JsonElement value) => value.ValueKind != JsonValueKind.Number ? WrongJsonType(value)
        : value.TryGetDouble(out var d) ? Single(d, value.GetRawText()) : OutOfRange(value.GetRawText());

    private static FeatureValue Single(double d, string shown) => ToSingle(d) is var f && !float.IsNaN(f) ? FeatureValue.Of(f) : OutOfRange(shown);

    /// <summary>The model input of a number: the nearest Single, NaN beyond Single's range.</summary>
    private static float ToSingle(double d) => float.IsFinite((float)d) ? (float)d : float.NaN;

    /// <summary>
    /// A text cell's model input without the message: what <see cref="FeatureRule.FromText"/> gives as its Number, NaN
    /// for a missing or invalid cell. Loading stores number columns as these floats (MlOps.Core.Data.NumberColumn).
    /// </summary>
    internal static float Number(ReadOnlySpan<char> text) =>
        !text.IsEmpty && ValueParsing.TryParseNumber(text, out var d) ? ToSingle(d) : float.NaN;

    private static FeatureValue OutOfRange(string shown) => FeatureValue.Invalid($"{shown} is out of the range of a 32-bit float.");
}
