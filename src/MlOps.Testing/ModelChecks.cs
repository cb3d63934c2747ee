using MlOps.Core.Artifacts;
using MlOps.Testing.Checks;

namespace MlOps.Testing;

/// <summary>
/// The generated tests: per referenced model, one check per quality gate, a schema and a drift check per
/// validation file, and a champion/challenger check when a baseline is set. The test class the package adds
/// to the test project asks for the names at discovery and runs each by name.
/// </summary>
public static class ModelChecks
{
    private static readonly Lazy<IReadOnlyDictionary<string, (ModelCheck? Check, Action Run)>> All = new(Discover);

    public static IEnumerable<string> Names() => All.Value.Keys;

    public static void Run(string name)
    {
        if (!All.Value.TryGetValue(name, out var entry)) Assert.Fail($"No MlOps check named '{name}' any more: rebuild the test project.");
        if (entry.Check is not { } check)
        {
            entry.Run();
            return;
        }
        var passed = false;
        try
        {
            entry.Run();
            passed = true;
        }
        finally
        {
            // Into the model project's manifest, keyed by the SHA-256 of the model.zip these tests loaded.
            var model = MlOpsModel.Load(check.Model);
            if (model.Checks.VerificationManifest is { } manifest)
                VerificationLog.Record(manifest, model.ModelSha256, new CheckResultRecord(check.Name, check.Category, passed, DateTimeOffset.UtcNow));
        }
    }

    private static IReadOnlyDictionary<string, (ModelCheck? Check, Action Run)> Discover()
    {
        var checks = new SortedDictionary<string, (ModelCheck? Check, Action Run)>(StringComparer.Ordinal);
        var names = MlOpsModel.Names();
        if (names.Count == 0)
            checks["MlOps: a referenced model"] = (null, () => MlOpsModel.Load());
        foreach (var name in names)
        {
            MlOpsModel model;
            try { model = MlOpsModel.Load(name); }
            catch (InvalidOperationException e)
            {
                // Not trained (e.g. training skipped): one clear failing test instead of silently none.
                checks[$"{name}: model trained"] = (null, () => Assert.Fail(e.Message));
                continue;
            }
            foreach (var check in For(model)) checks[check.Name] = (check, check.Run);
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
