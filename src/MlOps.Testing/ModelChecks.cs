using MlOps.Core.Artifacts;
using MlOps.Testing.Checks;

namespace MlOps.Testing;

/// <summary>
/// The generated tests: per referenced model, one check per quality gate, a schema and a drift check per
/// validation file, and a champion/challenger check when a baseline is set; apart from them, the production checks
/// of MlOpsProductionData (drift, unknown categories, each quality gate on the labeled captures). The test class the
/// package adds to the test project asks for the names at discovery and runs each by name.
/// </summary>
public static class ModelChecks
{
    private static readonly Lazy<IReadOnlyDictionary<string, (ModelCheck? Check, Action Run)>> All = new(() => Discover(For));
    private static readonly Lazy<IReadOnlyDictionary<string, (ModelCheck? Check, Action Run)>> Production = new(() => Discover(ProductionFor));

    public static IEnumerable<string> Names() => All.Value.Keys;

    /// <summary>The production checks, one at least per model (<see cref="ProductionDataCheck"/> when it has no files).</summary>
    public static IEnumerable<string> ProductionNames() => Production.Value.Keys;

    /// <summary>Runs a model check and records its outcome in the model project's manifest (the verification publish ships).</summary>
    public static void Run(string name) => Run(All.Value, name, record: true);

    /// <summary>Runs a production check. Not recorded: it judges the captured data, not the build that ships.</summary>
    public static void RunProduction(string name) => Run(Production.Value, name, record: false);

    private static void Run(IReadOnlyDictionary<string, (ModelCheck? Check, Action Run)> checks, string name, bool record)
    {
        if (!checks.TryGetValue(name, out var entry)) Assert.Fail($"No MlOps check named '{name}' any more: rebuild the test project.");
        if (entry.Check is not { } check || !record)
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

    private static IReadOnlyDictionary<string, (ModelCheck? Check, Action Run)> Discover(Func<MlOpsModel, IEnumerable<ModelCheck>> checksOf)
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
            foreach (var check in checksOf(model)) checks[check.Name] = (check, check.Run);
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

    private static IEnumerable<ModelCheck> ProductionFor(MlOpsModel model)
    {
        if (model.Checks.ProductionData.Count == 0)
        {
            yield return new ProductionDataCheck(model.Name);
            yield break;
        }
        yield return new ProductionDriftCheck(model.Name);
        yield return new UnknownCategoryCheck(model.Name);
        foreach (var gate in model.Checks.Gates) yield return new LiveQualityGateCheck(model.Name, gate);
    }
}
