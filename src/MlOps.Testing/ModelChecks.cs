using MlOps.Core.Artifacts;
using MlOps.Testing.Checks;

namespace MlOps.Testing;

/// <summary>One generated test row: the check's readable name and the categories `dotnet test --filter` selects it by.</summary>
public sealed record CheckRow(string Name, IReadOnlyList<string> Categories);

/// <summary>
/// The generated tests: per referenced model, one check per quality gate, a schema and a drift check per
/// validation file, and a champion/challenger check when a baseline is set; apart from them, the production checks
/// of MlOpsProductionData (drift, unknown categories, each quality gate on the labeled captures). The logic is the
/// same for every test framework: the class the package adds to the test project (MSTest, xUnit v3 or NUnit, by the
/// project's references) asks for the rows at discovery, gives each its categories, and runs each by name.
/// </summary>
public static class ModelChecks
{
    /// <summary>The categories of the model checks; the production checks are <see cref="ProductionCategory"/>.</summary>
    public static readonly IReadOnlyList<string> Categories = ["QualityGate", "Schema", "Drift", "ChampionChallenger"];
    public const string ProductionCategory = "Production";

    /// <summary>The model's files attached to every check's result, when the build wrote them.</summary>
    private static readonly string[] AttachedFiles = ["model-card.html", "model-card.md", ArtifactFiles.Metrics];

    private sealed record Entry(ModelCheck? Check, Action Run, IReadOnlyList<string> Categories);

    private static readonly Lazy<IReadOnlyDictionary<string, Entry>> All = new(() => Discover(For, c => [c.Category], Categories));
    private static readonly Lazy<IReadOnlyDictionary<string, Entry>> Production = new(() => Discover(ProductionFor, _ => [ProductionCategory], [ProductionCategory]));

    public static IEnumerable<CheckRow> Checks() => All.Value.Select(e => new CheckRow(e.Key, e.Value.Categories));

    /// <summary>The production checks, one at least per model (<see cref="ProductionDataCheck"/> when it has no files).</summary>
    public static IEnumerable<CheckRow> ProductionChecks() => Production.Value.Select(e => new CheckRow(e.Key, e.Value.Categories));

    /// <summary>
    /// Runs a model check and records its outcome in the model project's manifest (the verification publish ships).
    /// <paramref name="attach"/> gets the files for the test result (model card, metrics.json, a failure's report);
    /// <paramref name="fail"/> and <paramref name="skip"/>, when given, report a failed or undecidable check in the
    /// caller's framework (the checks assert with MSTest's Assert, whose exceptions MSTest reports as they are).
    /// </summary>
    public static void Run(string name, Action<string>? attach = null, Action<string>? fail = null, Action<string>? skip = null) =>
        InFramework(() => Run(All.Value, name, record: true, attach), fail, skip);

    /// <summary>Runs a production check. Not recorded: it judges the captured data, not the build that ships.</summary>
    public static void RunProduction(string name, Action<string>? attach = null, Action<string>? fail = null, Action<string>? skip = null) =>
        InFramework(() => Run(Production.Value, name, record: false, attach), fail, skip);

    private static void InFramework(Action run, Action<string>? fail, Action<string>? skip)
    {
        try { run(); }
        catch (AssertFailedException e) when (fail is not null) { fail(WithoutAssertLine(e.Message)); throw; }
        catch (AssertInconclusiveException e) when (skip is not null) { skip(WithoutAssertLine(e.Message)); throw; }
    }

    /// <summary>MSTest opens its messages with a line of its own ("Assertion failed."); other frameworks show only ours.</summary>
    private static string WithoutAssertLine(string message) =>
        message.StartsWith("Assert", StringComparison.Ordinal) && message.IndexOf('\n') is var end and > 0 ? message[(end + 1)..] : message;

    private static void Run(IReadOnlyDictionary<string, Entry> checks, string name, bool record, Action<string>? attach)
    {
        if (!checks.TryGetValue(name, out var entry)) Assert.Fail($"No MlOps check named '{name}' any more: rebuild the test project.");
        if (entry.Check is not { } check)
        {
            entry.Run();
            return;
        }
        if (attach is not null)
            foreach (var file in AttachedFiles.Select(f => Path.Combine(MlOpsModel.ModelsFolder, check.Model, f)).Where(File.Exists))
                attach(file);
        var passed = false;
        try
        {
            entry.Run();
            passed = true;
        }
        catch when (attach is not null && check.ReportFile is { } report)
        {
            attach(report);
            throw;
        }
        finally
        {
            // Into the model project's manifest, keyed by the SHA-256 of the model.zip these tests loaded.
            if (record && MlOpsModel.Load(check.Model) is { Checks.VerificationManifest: { } manifest } model)
                VerificationLog.Record(manifest, model.ModelSha256, new CheckResultRecord(check.Name, check.Category, passed, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>
    /// The checks of every referenced model by name. A stand-in (no model referenced, one not trained) carries every
    /// category of <paramref name="standIn"/>, so no filter silently runs zero tests.
    /// </summary>
    private static IReadOnlyDictionary<string, Entry> Discover(Func<MlOpsModel, IEnumerable<ModelCheck>> checksOf,
        Func<ModelCheck, IReadOnlyList<string>> categoriesOf, IReadOnlyList<string> standIn)
    {
        var checks = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
        var names = MlOpsModel.Names();
        if (names.Count == 0)
            checks["MlOps: a referenced model"] = new(null, () => MlOpsModel.Load(), standIn);
        foreach (var name in names)
        {
            MlOpsModel model;
            try { model = MlOpsModel.Load(name); }
            catch (InvalidOperationException e)
            {
                // Not trained (e.g. training skipped): one clear failing test instead of silently none.
                checks[$"{name}: model trained"] = new(null, () => Assert.Fail(e.Message), standIn);
                continue;
            }
            foreach (var check in checksOf(model)) checks[check.Name] = new(check, check.Run, categoriesOf(check));
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
