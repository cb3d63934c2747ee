using System.Text.Json;
using MlOps.Core.Data;

namespace MlOps.Core.Features;

/// <summary>
/// Booleans, fed as 1/0: true or false (case-insensitive), or a number that is exactly 1 or 0 ("1", "1.0", "0e0"), as
/// text or as JSON; typed bool?. Inference still calls only true/false columns boolean (<see cref="ValueParsing"/>):
/// this is how a cell of a column already known to be boolean is read.
/// </summary>
internal sealed class BooleanRule() : FeatureRule(ModelInputType.Single, "a boolean (true or false, or 1 or 0)",
    new TypedForm("bool?", "float", null, "{value}.HasValue ? ({value}.Value ? 1f : 0f) : float.NaN"))
{
    public override FeatureValue FromTyped(object? value) => value is bool b ? Flag(b) : FeatureValue.Missing;

    protected override FeatureValue ParseText(string cell) =>
        ValueParsing.TryParseBoolean(cell, out var b) ? Flag(b)
        : ValueParsing.TryParseNumber(cell, out var d) && IsZeroOrOne(d) ? Flag(d == 1)
        : NotExpected($"'{cell}'");

    protected override FeatureValue ParseJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => Flag(value.ValueKind == JsonValueKind.True),
        JsonValueKind.Number => value.TryGetDouble(out var d) && IsZeroOrOne(d) ? Flag(d == 1) : NotExpected(value.GetRawText()),
        _ => WrongJsonType(value),
    };

    private static bool IsZeroOrOne(double d) => d is 0 or 1;

    // 1f/0f, never -0f: "-0" is false like "0".
    private static FeatureValue Flag(bool value) => FeatureValue.Of(value ? 1f : 0f);
}
