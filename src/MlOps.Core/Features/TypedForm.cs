namespace MlOps.Core.Features;

/// <summary>
/// A rule as the generated typed API states it, in C# text: the property type users set, the ML.NET input field it
/// feeds, and the expression from one to the other. The generated code cannot call this library (it compiles into the
/// model's assembly with only Microsoft.ML), so the generator prints these; <see cref="FeatureRule.FromTyped"/> is the
/// same rule in C#, and a test compiles the printed text to prove the two agree.
/// </summary>
/// <param name="ConversionTemplate">A C# expression of type <paramref name="FieldType"/> in which <c>{value}</c> stands for the property.</param>
public sealed record TypedForm(string PropertyType, string FieldType, string? FieldInitializer, string ConversionTemplate)
{
    /// <summary>The conversion of <paramref name="value"/>, a C# expression of type <see cref="PropertyType"/>.</summary>
    public string Conversion(string value) => ConversionTemplate.Replace("{value}", value, StringComparison.Ordinal);
}
