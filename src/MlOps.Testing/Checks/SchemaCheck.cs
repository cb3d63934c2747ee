using MlOps.Core.Contract;
using MlOps.Core.Schema;

namespace MlOps.Testing.Checks;

/// <summary>An MlOpsValidationData file against the schema contract (mlops.schema.json, else the model's schema).</summary>
public sealed class SchemaCheck(string model, string file) : ModelCheck(model, $"schema of {Path.GetFileName(file)}")
{
    public override string Category => "Schema";

    public override void Run() => DataAssert.MatchesSchema(file, Model);
}
