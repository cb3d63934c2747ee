namespace MlOps.Tool.Monitoring;

/// <summary>One Prometheus alerting rule, as both rule-file serializations (RuleFiles) write it.</summary>
public sealed record AlertRule(
    string Alert, string Expr, string For, IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<KeyValuePair<string, string>> Annotations);

/// <summary>A rule group: its rules are evaluated together at the server's evaluation interval.</summary>
public sealed record RuleGroup(string Name, IReadOnlyList<AlertRule> Rules);
