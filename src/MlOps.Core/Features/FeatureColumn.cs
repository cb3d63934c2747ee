using System.Globalization;
using System.Text.Json;
using MlOps.Core.Schema;

namespace MlOps.Core.Features;

/// <summary>
/// One feature column of a schema under the contract: its kind's <see cref="FeatureRule"/> and what the training data
/// had, which defines an unusual value: for a categorical, the categories (others are unknown); for a numeric, the range
/// (numbers far outside it are out of range). Scoring reads request values through this; training needs only the rule,
/// since an unusual value's model input is the same either way.
/// </summary>
public sealed class FeatureColumn
{
    private const int MaxListedCategories = 10;
    private readonly HashSet<string>? _categories;

    public FeatureColumn(ColumnSchema schema)
    {
        Schema = schema;
        Rule = FeatureRule.For(schema.Kind);
        // A categorical without a category list (an old or hand-written schema) takes any value.
        if (schema.Kind == ColumnKind.Categorical && schema.Categories is { Count: > 0 } categories)
            _categories = categories.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (schema.Kind == ColumnKind.Numeric && schema.Min is { } min && schema.Max is { } max && min <= max)
        {
            // "Far" is more than one training range width beyond either end; a constant column's width is its
            // magnitude (at least 1), so 5 for a column that was always 0 is far, 0.5 is not.
            var width = max > min ? max - min : Math.Max(1, Math.Abs(min));
            TrainingBounds = (min - width, max + width);
        }
    }

    public ColumnSchema Schema { get; }
    public string Name => Schema.Name;
    public FeatureRule Rule { get; }
    public ModelInputType InputType => Rule.InputType;

    /// <summary>The model's input columns in schema order: the features (not the label, not ignored columns).</summary>
    public static IReadOnlyList<FeatureColumn> Of(DataSchema schema) => [.. schema.Features.Select(c => new FeatureColumn(c))];

    /// <summary>Numerics with a training range: numbers outside these bounds ([min − w, max + w], w the range width) are
    /// out of range.</summary>
    public (double Low, double High)? TrainingBounds { get; }

    public FeatureValue FromText(string? cell) => WithTraining(Rule.FromText(cell));

    public FeatureValue FromJson(JsonElement value) => WithTraining(Rule.FromJson(value));

    /// <summary>A value of a categorical that the training data never had (ordinal comparison); never for other columns.</summary>
    public bool IsUnknownCategory(string value) => _categories is { } known && !known.Contains(value);

    /// <summary>A number far outside the training range; never for other columns, nor when the schema has no range.</summary>
    public bool IsOutOfRange(double number) => TrainingBounds is var (low, high) && (number < low || number > high);

    private FeatureValue WithTraining(FeatureValue value) => value switch
    {
        { State: FeatureValueState.Present, Text: { } text } when IsUnknownCategory(text) => FeatureValue.UnknownCategory(text, UnknownCategoryProblem(text)),
        { State: FeatureValueState.Present, Text: null } when IsOutOfRange(value.Number) => FeatureValue.OutOfRange(value.Number,
            string.Create(CultureInfo.InvariantCulture, $"{value.Number} is far outside the training range {Schema.Min} to {Schema.Max}.")),
        _ => value,
    };

    private string UnknownCategoryProblem(string value)
    {
        var categories = Schema.Categories!;
        var listed = string.Join(", ", categories.Take(MaxListedCategories).Select(c => $"'{c.Value}'"));
        var more = categories.Count > MaxListedCategories ? $", ... ({categories.Count} in all)" : "";
        return $"Unknown category '{value}': the model was trained on {listed}{more}.";
    }
}
