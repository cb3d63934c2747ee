using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Core.Schema;
using MlOps.Serving.Model;
using MlOps.Serving.Rollout;
using MlOps.Serving.Security;

namespace MlOps.Serving.Docs;

/// <summary>
/// GET /openapi.json, written from schema.json so every input field is typed (number, boolean, string enum of the
/// categories, string) and client generators get a real model class. Hand-built JSON: no OpenAPI package to ship.
/// </summary>
internal static class OpenApiDocument
{
    private const string Problem = "#/components/schemas/Problem";

    /// <param name="schemes">The authentication schemes configured (ApiKey, Bearer): documented as security schemes the
    /// POST operations require, with their 401 and 403; none, and the operations are open.</param>
    /// <param name="modelName">The name KServe's v1 paths take (MlOps:ModelName).</param>
    public static JsonObject Build(ModelFiles model, FeatureLayout layout, IReadOnlyList<string> schemes, string modelName)
    {
        var schema = layout.Schema;
        // A JSON node has one parent, so each use gets its own $ref object.
        JsonObject prediction() => Ref("#/components/schemas/Prediction");
        JsonObject input() => Ref("#/components/schemas/Input");
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = $"MlOps scoring service: {schema.Task} on '{schema.Label}'",
                ["version"] = model.Version,
                ["description"] = $"Trainer {model.Trainer}. Fields left out or null are missing values the model imputes; unknown fields are ignored.",
            },
            ["paths"] = new JsonObject
            {
                ["/predict"] = WithIdHeaders(Post("Predicts one row.", Body(("application/json", input())), prediction(), schemes)),
                ["/predict/batch"] = WithRoutingKey(Post("Predicts many rows: a JSON array, or CSV with a header row.",
                    Body(("application/json", Array(input())), ("text/csv", new JsonObject { ["type"] = "string" })), Array(prediction()), schemes)),
                ["/feedback"] = Feedback(schemes),
                ["/schema"] = Get("The input schema: feature columns with kinds, categories and ranges.", "application/json"),
                ["/model"] = Get("manifest.json: model version, trainer, metrics, data hashes.", "application/json"),
                ["/health/live"] = Get("200 while the process runs.", "text/plain"),
                ["/health/ready"] = Get("200 once the model is loaded and warmed up; 503 before.", "text/plain"),
                ["/metrics"] = Get("Prometheus metrics.", "text/plain"),
                ["/rollout"] = Rollout(),
                ["/openapi.json"] = Get("This document.", "application/json"),
                ["/openapi/v1.json"] = Get("This document, at the conventional path.", "application/json"),
                ["/docs"] = Get("This document in Swagger UI (served offline).", "text/html"),
                ["/"] = Get("The model card (model-card.html); 404 (MLOPS6062) when the model was built without one.", "text/html"),
                ["/v1/models"] = Get("KServe v1: the models served, {\"models\": [name]}.", "application/json"),
                ["/v1/models/{name}"] = WithModelName(Get("KServe v1: {\"name\", \"ready\"}; 503 while the model loads, 404 (MLOPS6060) for another name.", "application/json"), "get", modelName),
                ["/v1/models/{name}:predict"] = KServePredict(input(), prediction(), schemes, modelName),
            },
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Input"] = InputSchema(layout),
                    ["Prediction"] = PredictionSchema(schema),
                    ["Problem"] = ProblemSchema(),
                    ["Feedback"] = Object(("predictionId", Str(null)), ("label", Label(schema))),
                    ["FeedbackOutcome"] = Object(("predictionId", Str(null)), ("outcome", Str(Outcomes)),
                        ("status", new JsonObject { ["type"] = "integer" }), ("code", Str(null)), ("detail", Str(null))),
                    ["FeedbackBatchOutcome"] = Object([.. Outcomes.Select(o => (o, new JsonObject { ["type"] = "integer" })),
                        ("items", Array(Ref("#/components/schemas/FeedbackOutcome")))]),
                },
                ["securitySchemes"] = SecuritySchemes(schemes),
            },
        };
    }

    private static JsonObject SecuritySchemes(IReadOnlyList<string> schemes)
    {
        var result = new JsonObject();
        foreach (var scheme in schemes)
            result[scheme] = scheme == ApiKeyHandler.SchemeName
                ? new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = ApiKeyHandler.Header }
                : new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" };
        return result;
    }

    private static JsonObject InputSchema(FeatureLayout layout)
    {
        var properties = new JsonObject();
        foreach (var f in layout.Features)
        {
            var p = new JsonObject { ["nullable"] = true };
            switch (f.Kind)
            {
                case ColumnKind.Numeric:
                    p["type"] = "number";
                    if (f.Min is { } min && f.Max is { } max)
                        p["description"] = string.Create(CultureInfo.InvariantCulture, $"Training range {min} to {max}.");
                    break;
                case ColumnKind.Boolean:
                    p["type"] = "boolean";
                    p["description"] = "true or false; the numbers 1 and 0 are taken too.";
                    break;
                case ColumnKind.Categorical:
                    p["type"] = "string";
                    if (f.Categories is { Count: > 0 } c)
                        p["enum"] = new JsonArray([.. c.Select(x => JsonValue.Create(x.Value)), null]);
                    break;
                default:
                    p["type"] = "string";
                    p["description"] = "Free text.";
                    break;
            }
            properties[f.Name] = p;
        }
        // The row's own prediction id (docs/monitoring.md, "Prediction ids"), unless a feature has that name.
        if (!properties.ContainsKey("id"))
            properties["id"] = new JsonObject
            {
                ["type"] = "string", ["nullable"] = true, ["maxLength"] = Capture.PredictionIds.MaxLength,
                ["description"] = "Your id for this row's prediction (visible ASCII); the answer's predictionId. Left out, the service makes one.",
            };
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = true };
    }

    private static readonly string[] Outcomes = ["joined", "unknown", "late", "invalid"];

    /// <summary>The canary routing key header (docs/rollout.md, "Modes").</summary>
    private static JsonObject RoutingKey() => new()
    {
        ["name"] = "X-Routing-Key", ["in"] = "header", ["required"] = false, ["schema"] = Str(null),
        ["description"] = "In canary mode, the key that picks the model (the same key always meets the same model); else MLOPS_ROUTING_COLUMN's value, else the prediction id.",
    };

    private static JsonObject WithRoutingKey(JsonObject path)
    {
        path["post"]!["parameters"] = new JsonArray(RoutingKey());
        return path;
    }

    /// <summary>/predict: X-Correlation-Id in (the row's id if it has none), X-Prediction-Id, X-Model and X-Model-Version out.</summary>
    private static JsonObject WithIdHeaders(JsonObject path)
    {
        var post = path["post"]!.AsObject();
        post["parameters"] = new JsonArray(new JsonObject
        {
            ["name"] = "X-Correlation-Id", ["in"] = "header", ["required"] = false, ["schema"] = Str(null),
            ["description"] = "The prediction id to use when the row has no 'id' field.",
        }, RoutingKey());
        post["responses"]!["200"]!["headers"] = new JsonObject
        {
            ["X-Prediction-Id"] = new JsonObject { ["description"] = "The answer's predictionId.", ["schema"] = Str(null) },
            ["X-Model"] = new JsonObject { ["description"] = "The model that answered: challenger or champion.", ["schema"] = Str(null) },
            ["X-Model-Version"] = new JsonObject { ["description"] = "Its version.", ["schema"] = Str(null) },
        };
        return path;
    }

    /// <summary>KServe's v1 predict: the batch endpoint's rows under "instances", its answers under "predictions".</summary>
    private static JsonObject KServePredict(JsonObject input, JsonObject prediction, IReadOnlyList<string> schemes, string modelName)
    {
        var positional = new JsonObject { ["type"] = "array", ["items"] = new JsonObject(), ["description"] = "The values in GET /schema's feature order." };
        var body = Object(("instances", Array(new JsonObject { ["oneOf"] = new JsonArray(input, positional) })));
        body["required"] = new JsonArray("instances");
        var path = WithModelName(Post("KServe v1 predict: the rows under \"instances\", the answers (as /predict gives them) under \"predictions\".",
            Body(("application/json", body)), Object(("predictions", Array(prediction))), schemes), "post", modelName);
        var responses = path["post"]!["responses"]!.AsObject();
        responses["400"] = Response("Malformed JSON, or no \"instances\" array (MLOPS6061).", ("application/problem+json", Ref(Problem)));
        responses["404"] = Response("Another model name (MLOPS6060).", ("application/problem+json", Ref(Problem)));
        return path;
    }

    private static JsonObject WithModelName(JsonObject path, string method, string modelName)
    {
        path[method]!["parameters"] = new JsonArray(new JsonObject
        {
            ["name"] = "name", ["in"] = "path", ["required"] = true, ["schema"] = Str([modelName]),
            ["description"] = "The model's name (MLOPS_MODEL_NAME; by default the model project's).",
        });
        return path;
    }

    private static JsonObject Feedback(IReadOnlyList<string> schemes)
    {
        JsonObject feedback() => Ref("#/components/schemas/Feedback");
        JsonObject problem(string description) => Response(description, ("application/problem+json", Ref(Problem)));
        return Secured(new JsonObject
            {
                ["summary"] = "The true label of earlier predictions: one item, or an array answered item by item.",
                ["requestBody"] = Body(("application/json", new JsonObject { ["oneOf"] = new JsonArray(feedback(), Array(feedback())) })),
                ["responses"] = new JsonObject
                {
                    ["200"] = Response("One item: joined. An array: each item's outcome.", ("application/json", new JsonObject
                    {
                        ["oneOf"] = new JsonArray(Ref("#/components/schemas/FeedbackOutcome"), Ref("#/components/schemas/FeedbackBatchOutcome")),
                    })),
                    ["400"] = problem("Malformed JSON."),
                    ["404"] = problem("No prediction with this id is known (MLOPS6032)."),
                    ["409"] = problem("The prediction already has a label (MLOPS6035)."),
                    ["410"] = problem("The prediction was made here but is no longer held (MLOPS6033)."),
                    ["413"] = problem("Body over MLOPS_MAX_BODY_BYTES."),
                    ["415"] = problem("Not application/json (MLOPS6040)."),
                    ["422"] = problem("A bad prediction id (MLOPS6030) or a label the task cannot take (MLOPS6031)."),
                },
            }, schemes);
    }

    private static JsonObject Label(DataSchema schema) => schema.Task == MlTask.Regression
        ? new JsonObject { ["type"] = "number" }
        : Str(schema.LabelClasses ?? ["false", "true"]);

    private static JsonObject PredictionSchema(DataSchema schema) => schema.Task switch
    {
        MlTask.BinaryClassification => Object(
            ("label", Str(schema.LabelClasses)), ("probability", Number()), ("score", Number()), PredictionId(), ModelName(), ModelVersion()),
        MlTask.MulticlassClassification => Object(
            ("label", Str(schema.LabelClasses)),
            ("scores", new JsonObject { ["type"] = "object", ["additionalProperties"] = Number(), ["description"] = "Class -> probability." }),
            PredictionId(), ModelName(), ModelVersion()),
        _ => Object(("value", Number()), PredictionId(), ModelName(), ModelVersion()),
    };

    // docs/rollout.md, "What the answers say".
    private static (string, JsonObject) ModelName() => ("model", new JsonObject
    {
        ["type"] = "string", ["enum"] = new JsonArray(ModelRoles.Champion, ModelRoles.Challenger),
        ["description"] = "The model that answered: the challenger (the new model), or the champion (the production model baked beside it).",
    });

    private static (string, JsonObject) ModelVersion() => ("modelVersion", new JsonObject
    {
        ["type"] = "string", ["description"] = "The version of the model that answered.",
    });

    /// <summary>GET /rollout's evidence (docs/rollout.md, "The evidence: GET /rollout").</summary>
    private static JsonObject Rollout()
    {
        JsonObject integer() => new() { ["type"] = "integer" };
        var model = Object(("version", Str(null)), ("sha256", Str(null)), ("scored", integer()), ("errors", integer()), ("p99Seconds", Number()),
            ("labeledRows", integer()), ("live", new JsonObject { ["type"] = "object", ["additionalProperties"] = Number() }));
        var paired = Object(("metric", Str(null)), ("rows", integer()), ("champion", Number()), ("challenger", Number()), ("worseBy", Number()),
            ("lower", Number()), ("upper", Number()), ("confidence", Number()), ("resamples", integer()));
        paired["nullable"] = true;
        var evidence = Object(("mode", Str([.. RolloutMode.Kinds.Select(RolloutMode.NameOf)])), ("canaryPercent", Number()),
            ("models", Object((ModelRoles.Challenger, model), (ModelRoles.Champion, model.DeepClone().AsObject()))),
            ("agreement", Object(("compared", integer()), ("agreed", integer()), ("ratio", Number()))),
            ("dropped", integer()), ("paired", paired));
        return new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["summary"] = "The rollout evidence: mode, each model's counts, p99 and live metrics, agreement, and the paired comparison.",
                ["parameters"] = new JsonArray(new JsonObject
                {
                    ["name"] = "confidence", ["in"] = "query", ["required"] = false,
                    ["schema"] = new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = true, ["minimum"] = 0.5, ["exclusiveMaximum"] = true, ["maximum"] = 1 },
                    ["description"] = "Confidence of the paired bounds; default MLOPS_ROLLOUT_CONFIDENCE.",
                }),
                ["responses"] = new JsonObject
                {
                    ["200"] = Response("The evidence.", ("application/json", evidence)),
                    ["400"] = Response("A confidence outside (0.5, 1) (MLOPS6053).", ("application/problem+json", Ref(Problem))),
                },
            },
        };
    }

    private static (string, JsonObject) PredictionId() => ("predictionId", new JsonObject
    {
        ["type"] = "string", ["description"] = "The row's id: yours, or one the service made. POST /feedback takes it.",
    });

    private static JsonObject ProblemSchema()
    {
        var error = Object(("row", new JsonObject { ["type"] = "integer" }), ("field", Str(null)), ("message", Str(null)));
        return Object(("type", Str(null)), ("title", Str(null)), ("status", new JsonObject { ["type"] = "integer" }),
            ("detail", Str(null)), ("code", Str(null)), ("errors", Array(error)));
    }

    private static JsonObject Post(string summary, JsonObject body, JsonObject ok, IReadOnlyList<string> schemes)
    {
        JsonObject problem(string description) => Response(description, ("application/problem+json", Ref(Problem)));
        var responses = new JsonObject
        {
            ["200"] = Response("The prediction(s).", ("application/json", ok)),
            ["400"] = problem("Malformed JSON or CSV (a lone UTF-16 surrogate escape included)."),
            ["413"] = problem("Body over MLOPS_MAX_BODY_BYTES."),
            ["415"] = problem("A Content-Type other than JSON (or, on batch, text/csv)."),
            ["422"] = problem("A value of the wrong type, or an unknown category under MLOPS_UNKNOWN_CATEGORY=reject (MLOPS6011), or an unusable id (MLOPS6030); 'errors' names each row and field."),
            ["503"] = problem("The model is not loaded yet."),
        };
        return Secured(new JsonObject { ["summary"] = summary, ["requestBody"] = body, ["responses"] = responses }, schemes);
    }

    /// <summary>A POST operation behind the caller policy (RequireCaller) once any scheme is configured: 401/403 and the schemes.</summary>
    private static JsonObject Secured(JsonObject operation, IReadOnlyList<string> schemes)
    {
        if (schemes.Count > 0)
        {
            var responses = operation["responses"]!.AsObject();
            responses["401"] = Response("No valid API key or bearer token.", ("application/problem+json", Ref(Problem)));
            responses["403"] = Response("A bearer token without the scope MLOPS_REQUIRED_SCOPE names.", ("application/problem+json", Ref(Problem)));
            // Any one of the schemes will do: one requirement object per scheme.
            operation["security"] = new JsonArray([.. schemes.Select(s => new JsonObject { [s] = new JsonArray() })]);
        }
        return new JsonObject { ["post"] = operation };
    }

    private static JsonObject Get(string summary, string mediaType) => new()
    {
        ["get"] = new JsonObject
        {
            ["summary"] = summary,
            ["responses"] = new JsonObject { ["200"] = Response("OK", (mediaType, new JsonObject())) },
        },
    };

    private static JsonObject Body(params (string Type, JsonObject Schema)[] content) =>
        new() { ["required"] = true, ["content"] = Content(content) };

    private static JsonObject Response(string description, params (string Type, JsonObject Schema)[] content) =>
        new() { ["description"] = description, ["content"] = Content(content) };

    private static JsonObject Content((string Type, JsonObject Schema)[] content)
    {
        var result = new JsonObject();
        foreach (var (type, schema) in content) result[type] = new JsonObject { ["schema"] = schema };
        return result;
    }

    private static JsonObject Object(params (string Name, JsonObject Schema)[] properties)
    {
        var result = new JsonObject();
        foreach (var (name, schema) in properties) result[name] = schema;
        return new JsonObject { ["type"] = "object", ["properties"] = result };
    }

    private static JsonObject Str(IReadOnlyList<string>? values) => values is null
        ? new JsonObject { ["type"] = "string" }
        : new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]) };

    private static JsonObject Number() => new() { ["type"] = "number", ["nullable"] = true };
    private static JsonObject Array(JsonObject items) => new() { ["type"] = "array", ["items"] = items };
    private static JsonObject Ref(string path) => new() { ["$ref"] = path };
}
