using MlOps.Testing.Checks;

namespace MlOps.Testing;

/// <summary>
/// The generated tests: per referenced model, one check per quality gate, a schema and a drift check per
/// validation file, and a champion/challenger check when a baseline is set. The test class the package adds
/// to the test project asks for the names at discovery and runs each by name.
/// </summary>
public static class ModelChecks
{
    private static readonly Lazy<IReadOnlyDictionary<string, Action>> All = new(Discover);

    public static IEnumerable<string> Names() => All.Value.Keys;

    public static void Run(string name)
    {
        if (!All.Value.TryGetValue(name, out var run)) Assert.Fail($"No MlOps check named '{name}' any more: rebuild the test project.");
        run!();
    }

    private static IReadOnlyDictionary<string, Action> Discover()
    {
        var checks = new SortedDictionary<string, Action>(StringComparer.Ordinal);
        var names = MlOpsModel.Names();
        if (names.Count == 0)
            checks["MlOps: a referenced model"] = () => MlOpsModel.Load();
        foreach (var name in names)
        {
            MlOpsModel model;
            try { model = MlOpsModel.Load(name); }
            catch (InvalidOperationException e)
            {
                // Not trained (e.g. training skipped): one clear failing test instead of silently none.
                checks[$"{name}: model trained"] = () => Assert.Fail(e.Message);
                continue;
            }
            foreach (var check in For(model)) checks[check.Name] = check.Run;
        }
        return checks;
    }

    private static IEnumerable<ModelCheck> For(MlOpsModel model)
    {
        foreach (var gate in model.Checks.Gates) yield return new QualityGateCheck(model.Name, gate);
        foreach (var file in model.Checks.ValidationData)
        {
            yield return new SchemaCheck(model.Name, file);
            yield return new DriftCheck(model.Name, file);
        }
        if (model.Checks.BaselineModel is { } baseline) yield return new ChampionChallengerCheck(model.Name, baseline);
    }
}
