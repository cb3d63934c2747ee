using System.Globalization;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Features;
using MlOps.Core.Schema;

namespace MlOps.Serving.Feedback;

/// <summary>
/// A /feedback label, checked against the task and returned in training-file form (what a labeled file's label cell
/// holds). Classification: a class the model answers with, as a string, or as a JSON number or boolean matched by its
/// text ("1" for 1, "true" for true); a number also matches a class of equal value (1.0 is "1"), and a boolean
/// matches false/true classes in any case. Regression: a finite number (or its text).
/// </summary>
public sealed class LabelReader(DataSchema schema)
{
    private const int MaxListedClasses = 10;
    // A binary schema without classes is a boolean label; the model answers "false"/"true" (ScoringWorker).
    private readonly IReadOnlyList<string> _classes = schema.LabelClasses ?? ["false", "true"];

    /// <summary>The label's text, or null with the problem.</summary>
    public string? Read(JsonElement value, out string? problem)
    {
        problem = null;
        if (schema.Task == MlTask.Regression)
        {
            var number = value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetDouble(out var d) => d,
                JsonValueKind.String when ValueParsing.TryParseNumber(value.GetString()!, out var d) => d,
                _ => double.NaN,
            };
            if (double.IsFinite(number)) return number.ToString("R", CultureInfo.InvariantCulture);
            problem = $"The label of a regression is a finite number, got {Shown(value)}.";
            return null;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is not null && Match(text) is { } label) return label;
        var listed = string.Join(", ", _classes.Take(MaxListedClasses).Select(c => $"'{c}'"));
        problem = $"The label {Shown(value)} is not a class of the model, which knows {listed}{(_classes.Count > MaxListedClasses ? ", ..." : "")}.";
        return null;
    }

    private string? Match(string text)
    {
        foreach (var c in _classes) if (c == text) return c;
        if (ValueParsing.TryParseNumber(text, out var number))
            foreach (var c in _classes)
                if (ValueParsing.TryParseNumber(c, out var n) && n == number) return c;
        if (ValueParsing.TryParseBoolean(text, out var flag))
            foreach (var c in _classes)
                if (ValueParsing.TryParseBoolean(c, out var b) && b == flag) return c;
        return null;
    }

    private static string Shown(JsonElement value) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number ? value.GetRawText() : FeatureRule.Describe(value.ValueKind);
}
