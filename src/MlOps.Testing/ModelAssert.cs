using static MlOps.Testing.Numbers;
using MlOps.Engine.Metrics;

namespace MlOps.Testing;

/// <summary>Fluent metric assertions, e.g. <c>ModelAssert.Metric("AUC").AtLeast(0.8)</c> on the test data.</summary>
public static class ModelAssert
{
    /// <summary>A metric of a model (the only referenced one by default) on a data file (the test data by default).</summary>
    public static MetricAssertion Metric(string name, string? model = null, string? dataPath = null)
    {
        var loaded = MlOpsModel.Load(model);
        var metric = MetricCatalog.Resolve(loaded.Schema.Task, name);
        return new MetricAssertion(metric, loaded.Evaluate(dataPath)[metric], dataPath ?? loaded.TestDataDescription);
    }
}

public sealed class MetricAssertion(string metric, double value, string source)
{
    public double Value => value;

    public MetricAssertion AtLeast(double minimum)
    {
        if (!(value >= minimum)) Assert.Fail($"{metric} = {F(value)} is below {F(minimum)} on {source}.");
        return this;
    }

    public MetricAssertion AtMost(double maximum)
    {
        if (!(value <= maximum)) Assert.Fail($"{metric} = {F(value)} is above {F(maximum)} on {source}.");
        return this;
    }
}
