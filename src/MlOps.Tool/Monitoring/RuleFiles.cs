using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlOps.Tool.Monitoring;

/// <summary>
/// The rule group in its two shapes: a plain Prometheus rule file (rule_files:) and a PrometheusRule object for the
/// Prometheus Operator, whose spec.groups is the same text indented once more. Every string is a double-quoted
/// YAML scalar (JSON's escapes are valid there), so PromQL's quotes, braces and colons need no YAML thought.
/// </summary>
public static class RuleFiles
{
    public const string Plain = "prometheus-rules.yaml";
    public const string Operator = "prometheus-rule.yaml";

    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string PlainFile(RuleGroup group) => Groups(group, indent: 0);

    /// <param name="name">The object's name: the Kubernetes name the manifests use.</param>
    public static string OperatorFile(RuleGroup group, string name) =>
        $"""
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: {Q(name)}
          labels:
            app.kubernetes.io/name: {Q(name)}
            app.kubernetes.io/managed-by: MlOps.Sdk
        spec:

        """ + Groups(group, indent: 2);

    private static string Groups(RuleGroup group, int indent)
    {
        var sb = new StringBuilder();
        var pad = new string(' ', indent);
        void Line(string text) => sb.Append(pad).Append(text).Append('\n');
        Line("groups:");
        Line($"  - name: {Q(group.Name)}");
        Line("    rules:");
        foreach (var rule in group.Rules)
        {
            Line($"      - alert: {Q(rule.Alert)}");
            Line($"        expr: {Q(rule.Expr)}");
            Line($"        for: {Q(rule.For)}");
            Line("        labels:");
            foreach (var (key, value) in rule.Labels) Line($"          {key}: {Q(value)}");
            Line("        annotations:");
            foreach (var (key, value) in rule.Annotations) Line($"          {key}: {Q(value)}");
        }
        return sb.ToString();
    }

    private static string Q(string value) => JsonSerializer.Serialize(value, Quoting);
}
