using MlOps.Engine.Data;

namespace MlOps.Engine.Importance;

/// <summary>A column that reads another source row's value: the permutation is a row map, the data is never copied.</summary>
internal sealed class PermutedColumn(TableColumn inner, int[] sourceOf) : TableColumn(inner.Name, inner.Type)
{
    public override void AddAnnotations(Microsoft.ML.DataViewSchema.Annotations.Builder builder) => inner.AddAnnotations(builder);

    public override Delegate MakeGetter(Func<int> currentRow) => inner.MakeGetter(() => sourceOf[currentRow()]);
}
