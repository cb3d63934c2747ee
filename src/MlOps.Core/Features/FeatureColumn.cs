using System.Text.Json;
using MlOps.Core.Schema;

namespace MlOps.Core.Features;

/// <summary>
/// One feature column of a schema under the contract: its kind's <see cref="FeatureRule"/> and, for a categorical, the
/// categories the training data had, which define an unknown category. Scoring reads request values through this;
/// training needs only the rule, since an unknown category's model input is its text either way.
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
    }

    public ColumnSchema Schema { get; }
    public string Name => Schema.Name;
    public FeatureRule Rule { get; }
    public ModelInputType InputType => Rule.InputType;

    /// <summary>The model's input columns in schema order: the features (not the label, not ignored columns).</summary>
    public static IReadOnlyList<FeatureColumn> Of(DataSchema schema) => [.. schema.Features.Select(c => new FeatureColumn(c))];

    public FeatureValue FromText(string? cell) => WithCategories(Rule.FromText(cell));

    public FeatureValue FromJson(JsonElement value) => WithCategories(Rule.FromJson(value));

    /// <summary>A value of a categorical that the training data never had (ordinal comparison); never for other columns.</summary>
    public bool IsUnknownCategory(string value) => _categories is { } known && !known.Contains(value);

    private FeatureValue WithCategories(FeatureValue value) =>
        value is { State: FeatureValueState.Present, Text: { } text } && IsUnknownCategory(text)
            ? FeatureValue.UnknownCategory(text, UnknownCategoryProblem(text))
            : value;

    private string UnknownCategoryProblem(string value)
    {
        var categories = Schema.Categories!;
        var listed = string.Join(", ", categories.Take(MaxListedCategories).Select(c => $"'{c.Value}'"));
        var more = categories.Count > MaxListedCategories ? $", ... ({categories.Count} in all)" : "";
        return $"Unknown category '{value}': the model was trained on {listed}{more}.";
    }
}
