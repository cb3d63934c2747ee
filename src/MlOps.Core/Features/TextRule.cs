using System.Text.Json;

namespace MlOps.Core.Features;

/// <summary>Free text: the text as it is (an empty one is missing), from text cells, JSON strings and typed string?.</summary>
internal class TextRule(string expected = "a string")
    : FeatureRule(ModelInputType.Text, expected, new TypedForm("string?", "string", "\"\"", "{value} ?? \"\""))
{
    public override FeatureValue FromTyped(object? value) => FromText(value as string);

    protected override FeatureValue ParseText(string cell) => FeatureValue.Of(cell);

    protected override FeatureValue ParseJson(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? FromText(value.GetString()) : WrongJsonType(value);
}

/// <summary>
/// Categories: like text, and a JSON number or boolean is the category of its text (numeric codes: 3 is "3", but 3.0
/// is "3.0"). Whether training had the category is the column's question (<see cref="FeatureColumn"/>), not the kind's.
/// </summary>
internal sealed class CategoricalRule() : TextRule("a category (string)")
{

    protected override FeatureValue ParseJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => FromText(value.GetString()),
        JsonValueKind.Number => FromText(value.GetRawText()),
        JsonValueKind.True => FromText("true"),
        JsonValueKind.False => FromText("false"),
        _ => WrongJsonType(value),
    };
}
