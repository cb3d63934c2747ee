using static MlOps.Testing.Numbers;
using MlOps.Engine.Metrics;

namespace MlOps.Testing.Checks;

/// <summary>An MlOpsQualityGate: the built model's metric on the test data within its bounds.</summary>
public sealed class QualityGateCheck(string model, QualityGate gate) : ModelCheck(model, $"quality gate {gate}")
{
    public override string Category => "QualityGate";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var metric = MetricCatalog.Resolve(loaded.Schema.Task, gate.Metric);
        var value = loaded.Evaluate()[metric];
        var where = $"model {Model}, test data {loaded.TestDataDescription}";
        if (gate.Minimum is double min && !(value >= min))
            Assert.Fail($"Quality gate failed: {metric} = {F(value)} is below the minimum {F(min)} ({where}).");
        if (gate.Maximum is double max && !(value <= max))
            Assert.Fail($"Quality gate failed: {metric} = {F(value)} is above the maximum {F(max)} ({where}).");
    }
}
