using static MlOps.Testing.Numbers;
using MlOps.Engine.Metrics;

namespace MlOps.Testing.Checks;

/// <summary>
/// An MlOpsQualityGate on the labeled captures: the live metric (true label against the service's answer,
/// LabeledMetrics, the numbers the service exports) within the gate's bounds. Fewer than MlOpsMinLabeledRows
/// labeled rows, or a metric the captured answers cannot give, is inconclusive: too little evidence to retrain on.
/// </summary>
public sealed class LiveQualityGateCheck(string model, QualityGate gate) : ProductionCheck(model, $"quality gate {gate}")
{
    public override string Category => "ProductionQualityGate";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var metric = MetricCatalog.Resolve(loaded.Schema.Task, gate.Metric);
        var labeled = loaded.Production.LabeledRows.Count;
        if (labeled < loaded.Checks.MinLabeledRows)
            Assert.Inconclusive($"Only {labeled} labeled rows ({Where(loaded)}); the live {metric} needs MlOpsMinLabeledRows = {loaded.Checks.MinLabeledRows}. " +
                "Labels arrive through the service's /feedback as labeled-*.csv files.");
        if (!loaded.Production.LiveMetrics(loaded.Schema).TryGetValue(metric, out var value) || double.IsNaN(value))
            Assert.Inconclusive($"{metric} cannot be computed from the captured answers ({Where(loaded)}): the captures lack what it needs, or it is undefined on these rows (e.g. AUC with one class).");
        var where = $"{Where(loaded)}, {labeled} labeled";
        if (gate.Minimum is double min && !(value >= min))
            Assert.Fail($"Live quality gate failed: {metric} = {F(value)} is below the minimum {F(min)} ({where}). {Retrain}");
        if (gate.Maximum is double max && !(value <= max))
            Assert.Fail($"Live quality gate failed: {metric} = {F(value)} is above the maximum {F(max)} ({where}). {Retrain}");
    }
}
