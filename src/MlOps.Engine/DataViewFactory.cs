using Microsoft.ML;
using MlOps.Core.Data;
using MlOps.Core.Schema;
using MlOps.Engine.Data;

namespace MlOps.Engine;

/// <summary>
/// Turns loaded data into the IDataView a saved model consumes. Column names are the original ones;
/// ignored columns are left out. Features become model inputs by the feature contract (MlOps.Core.Features:
/// numeric and boolean -> Single, NaN = missing; categorical and text -> text, empty = missing). Label: Regression ->
/// Single; Binary -> Boolean (true = LabelClasses[1]); Multiclass -> key over LabelClasses (the model maps
/// PredictedLabel back to the class strings). Rows with a missing label are dropped when the label is included.
/// </summary>
public static class DataViewFactory
{
    /// <exception cref="MlOps.Core.Diagnostics.MlOpsException">MLOPS2008 when a column of the schema is missing from the data.</exception>
    public static IDataView Create(TabularData data, DataSchema schema, bool includeLabel = true) =>
        TypedTable.Build(data, schema, includeLabel).View();
}
