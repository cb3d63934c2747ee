using System.Text.Json.Serialization;

namespace MlOps.Serving.Input;

/// <summary>One rejected input value: the batch row (0-based; null for /predict), the field and why.</summary>
public sealed record FieldError(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Row,
    string Field,
    string Message);
