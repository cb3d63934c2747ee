using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Engine.Data;

/// <summary>One typed, fully materialized column of a <see cref="TypedTable"/>, indexed by source row.</summary>
internal abstract class TableColumn(string name, DataViewType type)
{
    public string Name { get; } = name;
    public DataViewType Type { get; } = type;

    /// <summary>Annotations the column carries in the schema (key values for a key-typed label).</summary>
    public virtual void AddAnnotations(DataViewSchema.Annotations.Builder builder) { }

    /// <summary>A getter reading the value of the cursor's current source row.</summary>
    public abstract Delegate MakeGetter(Func<int> currentRow);
}

/// <summary>A <see cref="MlOps.Core.Features.ModelInputType.Single"/> feature (numbers, booleans as 1/0; NaN = missing), or a regression label.</summary>
internal sealed class SingleColumn(string name, float[] values) : TableColumn(name, NumberDataViewType.Single)
{
    public float[] Values { get; } = values;
    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<float>)((ref float v) => v = Values[row()]);
}

/// <summary>A <see cref="MlOps.Core.Features.ModelInputType.Text"/> feature (categorical, text); null is missing, fed as empty.</summary>
internal sealed class TextColumn(string name, string?[] cells) : TableColumn(name, TextDataViewType.Instance)
{
    public string?[] Cells { get; } = cells;
    public override Delegate MakeGetter(Func<int> row) =>
        (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Cells[row()] ?? string.Empty).AsMemory());
}

/// <summary>Binary label: true is the positive class.</summary>
internal sealed class BooleanColumn(string name, bool[] values) : TableColumn(name, BooleanDataViewType.Instance)
{
    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<bool>)((ref bool v) => v = values[row()]);
}

/// <summary>
/// Multiclass label as a key (1-based; 0 = missing) whose key values are the class strings, so trainers
/// carry them to PredictedLabel and the saved model needs no label column at scoring time.
/// </summary>
internal sealed class KeyColumn(string name, uint[] keys, IReadOnlyList<string> classes)
    : TableColumn(name, new KeyDataViewType(typeof(uint), classes.Count))
{
    public override void AddAnnotations(DataViewSchema.Annotations.Builder builder)
    {
        var values = new VBuffer<ReadOnlyMemory<char>>(classes.Count, classes.Select(c => c.AsMemory()).ToArray());
        // "KeyValues" is the annotation ML.NET reads to map keys back to values.
        builder.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, classes.Count),
            (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> dst) => values.CopyTo(ref dst)));
    }

    public override Delegate MakeGetter(Func<int> row) => (ValueGetter<uint>)((ref uint v) => v = keys[row()]);
}
