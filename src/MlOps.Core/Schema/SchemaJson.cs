using MlOps.Core.IO;

namespace MlOps.Core.Schema;

/// <summary>schema.json, in the SDK's one JSON style.</summary>
public static class SchemaJson
{
    public static string Serialize(DataSchema schema) => MlOpsJson.Serialize(schema);

    public static DataSchema Deserialize(string json) => MlOpsJson.Deserialize<DataSchema>(json);
}
