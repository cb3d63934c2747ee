using System.Text.Json.Nodes;
using MlOps.Core.Schema;
using MlOps.Serving.Model;

namespace MlOps.Serving.Docs;

/// <summary>GET /schema: what a client may send, i.e. the feature columns of schema.json without training-only detail.</summary>
internal static class SchemaDocument
{
    public static JsonObject Build(FeatureLayout layout)
    {
        var features = new JsonArray();
        foreach (var f in layout.Features)
        {
            var item = new JsonObject
            {
                ["name"] = f.Name,
                ["kind"] = ToCamel(f.Kind.ToString()),
                ["missingRate"] = f.MissingRate,
            };
            if (f.Kind == ColumnKind.Categorical && f.Categories is { } categories)
                item["categories"] = new JsonArray([.. categories.Select(c => JsonValue.Create(c.Value))]);
            if (f.Min is { } min) item["min"] = min;
            if (f.Max is { } max) item["max"] = max;
            if (f.Mean is { } mean) item["mean"] = mean;
            features.Add(item);
        }
        var schema = layout.Schema;
        var result = new JsonObject
        {
            ["task"] = schema.Task.ToString(),
            ["label"] = schema.Label,
            ["features"] = features,
            ["missingFields"] = "A feature left out of a request (or null) is a missing value, which the model imputes as in training.",
        };
        if (schema.LabelClasses is { } classes) result["labelClasses"] = new JsonArray([.. classes.Select(c => JsonValue.Create(c))]);
        return result;
    }

    internal static string ToCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
