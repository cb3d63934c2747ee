using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Features;
using MlOps.Core.Schema;

namespace MlOps.Serving.Model;

/// <summary>
/// The model's feature columns in schema order under the feature contract (<see cref="FeatureColumn"/>), with name
/// lookup and the one-row input schema: each column typed by its <see cref="ModelInputType"/>, as training typed it.
/// </summary>
public sealed class FeatureLayout
{
    private readonly Dictionary<string, int> _index;

    public FeatureLayout(DataSchema schema)
    {
        Schema = schema;
        Columns = FeatureColumn.Of(schema);
        Features = [.. Columns.Select(c => c.Schema)];
        _index = Columns.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var builder = new DataViewSchema.Builder();
        foreach (var column in Columns)
            builder.AddColumn(column.Name, column.InputType == ModelInputType.Single ? NumberDataViewType.Single : TextDataViewType.Instance);
        InputSchema = builder.ToSchema();
    }

    public DataSchema Schema { get; }
    public IReadOnlyList<FeatureColumn> Columns { get; }
    /// <summary>The columns' schema.json entries (ranges, categories, quantiles), indexed like <see cref="Columns"/>.</summary>
    public IReadOnlyList<ColumnSchema> Features { get; }
    public DataViewSchema InputSchema { get; }
    public int Count => Columns.Count;

    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;
}
