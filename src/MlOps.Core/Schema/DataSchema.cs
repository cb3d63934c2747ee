using System.Text.Json.Serialization;

namespace MlOps.Core.Schema;

/// <summary>The inferred schema of the training data; written as schema.json.</summary>
public sealed class DataSchema
{
    public required string Label { get; init; }
    public required MlTask Task { get; init; }
    /// <summary>Classification: the label's classes in a stable order (sorted ordinal / numeric).</summary>
    public IReadOnlyList<string>? LabelClasses { get; init; }
    public required IReadOnlyList<ColumnSchema> Columns { get; init; }
    public int RowCount { get; init; }
    /// <summary>Rows whose label cell is empty; the engine drops them (warning MLOPS2009).</summary>
    public int MissingLabelRows { get; init; }

    // Views of the data, not data: kept out of schema.json.
    public ColumnSchema? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);
    [JsonIgnore]
    public IEnumerable<ColumnSchema> Features => Columns.Where(c => c.Name != Label && c.Kind != ColumnKind.Ignored);
}
