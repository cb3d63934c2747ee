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

    private static FeatureValue Single(double d, string shown) => float.IsFinite((float)d) ? FeatureValue.Of((float)d) : OutOfRange(shown);

    private static FeatureValue OutOfRange(string shown) => FeatureValue.Invalid($"{shown} is out of the range of a 32-bit float.");
}
