using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Checks a custom resource against the OpenAPI v3 schema of its CustomResourceDefinition (/work/shared/k8s), as
/// `kubectl apply --validate=strict` would: types (a plain YAML scalar read by the YAML 1.2 core schema, a quoted one
/// is a string), required fields, unknown fields (a field neither in properties nor allowed by additionalProperties or
/// x-kubernetes-preserve-unknown-fields), enums, patterns, anyOf and x-kubernetes-int-or-string. The object's root
/// metadata is ObjectMeta, which the CRD leaves to the API server: only its being a mapping is checked here.
/// </summary>
public sealed class CrdSchema
{
    private readonly YamlMappingNode _schema;

    public string ApiVersion { get; }
    public string Kind { get; }

    private CrdSchema(string apiVersion, string kind, YamlMappingNode schema) => (ApiVersion, Kind, _schema) = (apiVersion, kind, schema);

    /// <summary>The CRD file's schema of its served version <paramref name="version"/>.</summary>
    public static CrdSchema Load(string crdFile, string version)
    {
        var crd = Parse(File.ReadAllText(crdFile));
        var spec = (YamlMappingNode)crd["spec"];
        var group = ((YamlScalarNode)spec["group"]).Value!;
        var kind = ((YamlScalarNode)((YamlMappingNode)spec["names"])["kind"]).Value!;
        var served = ((YamlSequenceNode)spec["versions"]).Cast<YamlMappingNode>()
            .Single(v => ((YamlScalarNode)v["name"]).Value == version);
        return new CrdSchema($"{group}/{version}", kind, (YamlMappingNode)((YamlMappingNode)served["schema"])["openAPIV3Schema"]);
    }

    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>Every violation of the document, as "path: what"; empty when it is valid.</summary>
    public IReadOnlyList<string> Violations(string yaml)
    {
        var errors = new List<string>();
        var document = Parse(yaml);
        if (Scalar(document, "apiVersion") != ApiVersion || Scalar(document, "kind") != Kind)
            errors.Add($"$: expected {ApiVersion} {Kind}, the document says {Scalar(document, "apiVersion")} {Scalar(document, "kind")}");
        Check(document, _schema, "$", errors);
        return errors;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;

    private static void Check(YamlNode node, YamlMappingNode schema, string path, List<string> errors)
    {
        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (ScalarType(node) is not ("integer" or "string")) errors.Add($"{path}: expected an integer or a string");
            return;
        }
        if (schema.Children.TryGetValue(new YamlScalarNode("anyOf"), out var anyOf))
        {
            var branches = ((YamlSequenceNode)anyOf).Cast<YamlMappingNode>().ToList();
            if (!branches.Any(b => { var e = new List<string>(); Check(node, b, path, e); return e.Count == 0; }))
                errors.Add($"{path}: matches none of anyOf");
        }
        var type = Scalar(schema, "type");
        switch (type)
        {
            case "object":
                if (node is not YamlMappingNode mapping) { errors.Add($"{path}: expected an object"); return; }
                CheckObject(mapping, schema, path, errors);
                break;
            case "array":
                if (node is not YamlSequenceNode sequence) { errors.Add($"{path}: expected an array"); return; }
                if (schema.Children.TryGetValue(new YamlScalarNode("items"), out var items))
                    for (var i = 0; i < sequence.Children.Count; i++) Check(sequence.Children[i], (YamlMappingNode)items, $"{path}[{i}]", errors);
                break;
            case "string" or "integer" or "number" or "boolean":
                var actual = ScalarType(node);
                if (actual != type && !(type == "number" && actual == "integer")) { errors.Add($"{path}: expected {type}, found {actual ?? "a collection"}"); return; }
                var text = ((YamlScalarNode)node).Value!;
                if (schema.Children.TryGetValue(new YamlScalarNode("enum"), out var allowed) && !((YamlSequenceNode)allowed).Cast<YamlScalarNode>().Any(a => a.Value == text))
                    errors.Add($"{path}: '{text}' is not one of the enum values");
                if (Scalar(schema, "pattern") is { } pattern && !Regex.IsMatch(text, pattern))
                    errors.Add($"{path}: '{text}' does not match {pattern}");
                break;
        }
    }

    private static void CheckObject(YamlMappingNode mapping, YamlMappingNode schema, string path, List<string> errors)
    {
        var properties = schema.Children.TryGetValue(new YamlScalarNode("properties"), out var p) ? (YamlMappingNode)p : null;
        if (schema.Children.TryGetValue(new YamlScalarNode("required"), out var required))
            foreach (var name in ((YamlSequenceNode)required).Cast<YamlScalarNode>())
                if (!mapping.Children.ContainsKey(name)) errors.Add($"{path}: missing required field '{name.Value}'");
        var additional = schema.Children.TryGetValue(new YamlScalarNode("additionalProperties"), out var a) ? a : null;
        var preserve = Flag(schema, "x-kubernetes-preserve-unknown-fields");
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            var at = $"{path}.{name}";
            // The root metadata is ObjectMeta: the API server's, not the CRD's.
            if (path == "$" && name == "metadata") { if (value is not YamlMappingNode) errors.Add($"{at}: expected an object"); continue; }
            if (properties is not null && properties.Children.TryGetValue(key, out var property)) Check(value, (YamlMappingNode)property, at, errors);
            else if (additional is YamlMappingNode additionalSchema) Check(value, additionalSchema, at, errors);
            else if (!(preserve || additional is YamlScalarNode { Value: "true" })) errors.Add($"{at}: unknown field");
        }
    }

    private static bool Flag(YamlMappingNode schema, string name) => Scalar(schema, name) == "true";

    /// <summary>The JSON type of a scalar: quoted is a string; plain by the YAML 1.2 core schema; null for a collection.</summary>
    private static string? ScalarType(YamlNode node)
    {
        if (node is not YamlScalarNode scalar) return null;
        if (scalar.Style is not ScalarStyle.Plain) return "string";
        var text = scalar.Value ?? "";
        if (text is "" or "~" or "null" or "Null" or "NULL") return "null";
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE") return "boolean";
        if (Regex.IsMatch(text, "^[-+]?[0-9]+$") || Regex.IsMatch(text, "^0x[0-9a-fA-F]+$") || Regex.IsMatch(text, "^0o[0-7]+$")) return "integer";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")) return "number";
        return "string";
    }

    /// <summary>A part of a document as YAML text, e.g. a Rollout's spec.template for the Kubernetes object model.</summary>
    public static string Text(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
