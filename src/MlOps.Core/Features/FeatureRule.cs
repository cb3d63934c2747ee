using System.Globalization;
using System.Text.Json;
using MlOps.Core.Schema;

namespace MlOps.Core.Features;

/// <summary>
/// The feature contract of one column kind: how a raw value (a CSV cell, a JSON value, a typed API property) becomes
/// the model's input (<see cref="ModelInputType"/>), what is missing and what is invalid, with the message a scoring
/// request is refused with. Training (the engine's typed columns), serving (request validation) and the generated typed
/// API all read values through these rules, so a value means the same thing on every path. Training scores an invalid
/// value as missing (its <see cref="FeatureValue"/> carries NaN or no text); serving refuses it with the problem.
/// </summary>
public abstract class FeatureRule(ModelInputType inputType, string expected, TypedForm typed)
{
    public static FeatureRule Numeric { get; } = new NumericRule();
    public static FeatureRule Boolean { get; } = new BooleanRule();
    public static FeatureRule Categorical { get; } = new CategoricalRule();
    public static FeatureRule Text { get; } = new TextRule();

    public static FeatureRule For(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => Numeric,
        ColumnKind.Boolean => Boolean,
        ColumnKind.Categorical => Categorical,
        ColumnKind.Text => Text,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An ignored column is no model input."),
    };

    public ModelInputType InputType { get; } = inputType;
    /// <summary>What the rule takes, as messages say it: "a number".</summary>
    public string Expected { get; } = expected;
    public TypedForm Typed { get; } = typed;

    /// <summary>A text cell (a CSV file or request body): null or empty is missing.</summary>
    public FeatureValue FromText(string? cell) => string.IsNullOrEmpty(cell) ? FeatureValue.Missing : ParseText(cell);

    /// <summary>A JSON value: null is missing (as is an absent field, which never gets here).</summary>
    public FeatureValue FromJson(JsonElement value) => value.ValueKind == JsonValueKind.Null ? FeatureValue.Missing : ParseJson(value);

    /// <summary>A value of the typed API's property (of type <see cref="TypedForm.PropertyType"/>, null = missing): what the printed conversion computes.</summary>
    public abstract FeatureValue FromTyped(object? value);

    protected abstract FeatureValue ParseText(string cell);
    protected abstract FeatureValue ParseJson(JsonElement value);

    protected FeatureValue NotExpected(string shown) => FeatureValue.Invalid($"{shown} is not {Expected}.");

    protected FeatureValue WrongJsonType(JsonElement value) => FeatureValue.Invalid($"Expected {Expected}, got {Describe(value.ValueKind)}.");

    /// <summary>A JSON value's type as messages name it: "a string", "an array".</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
