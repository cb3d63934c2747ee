using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Schema;

namespace MlOps.Serving.Model;

/// <summary>
/// The model's feature columns in schema order, with what validation and scoring need precomputed:
/// name lookup, category sets, and the one-row input schema typed like the engine's DataViewFactory.
/// </summary>
public sealed class FeatureLayout
{
    private readonly Dictionary<string, int> _index;

    public FeatureLayout(DataSchema schema)
    {
        Schema = schema;
        Features = [.. schema.Features];
        _index = Features.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        Categories = [.. Features.Select(f => f.Kind == ColumnKind.Categorical && f.Categories is { Count: > 0 } c
            ? c.Select(x => x.Value).ToHashSet(StringComparer.Ordinal) : null)];
        var builder = new DataViewSchema.Builder();
        foreach (var f in Features)
            builder.AddColumn(f.Name, IsNumber(f.Kind) ? NumberDataViewType.Single : TextDataViewType.Instance);
        InputSchema = builder.ToSchema();
    }

    public DataSchema Schema { get; }
    public IReadOnlyList<ColumnSchema> Features { get; }
    /// <summary>Per feature: the training categories a categorical accepts; null when any value goes.</summary>
    public IReadOnlyList<HashSet<string>?> Categories { get; }
    public DataViewSchema InputSchema { get; }
    public int Count => Features.Count;

    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Numerics and booleans (as 1/0) are Single columns; categoricals and text are text columns.</summary>
    public static bool IsNumber(ColumnKind kind) => kind is ColumnKind.Numeric or ColumnKind.Boolean;
}
