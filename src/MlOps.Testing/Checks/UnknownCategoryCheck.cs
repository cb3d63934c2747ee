using System.Globalization;
using MlOps.Core.Features;
using MlOps.Core.Schema;

namespace MlOps.Testing.Checks;

/// <summary>
/// Per categorical feature, the share of captured values the model never saw in training: above
/// MlOpsMaxUnknownCategoryShare fails (the model scores them as "unseen", and drift pools them into one bin).
/// </summary>
public sealed class UnknownCategoryCheck(string model) : ProductionCheck(model, "unknown categories")
{
    public override string Category => "ProductionUnknownCategories";

    public override void Run()
    {
        var loaded = MlOpsModel.Load(Model);
        var limit = loaded.Checks.MaxUnknownCategoryShare;
        var over = Shares(loaded.Schema, loaded.Production).Where(s => s.Share > limit).OrderByDescending(s => s.Share).ToList();
        if (over.Count == 0) return;
        Assert.Fail($"Categories the model never saw exceed MlOpsMaxUnknownCategoryShare {Percent(limit)} ({Where(loaded)}): " +
            string.Join("; ", over.Select(s => $"{s.Feature} {Percent(s.Share)} unknown (e.g. {string.Join(", ", s.Examples.Select(e => $"'{e}'"))})")) + $". {Retrain}");
    }

    private static IEnumerable<(string Feature, double Share, IReadOnlyList<string> Examples)> Shares(DataSchema schema, CapturedData captured)
    {
        // "Unknown" as the feature contract decides it for the service's mlops_unknown_category_total.
        foreach (var feature in FeatureColumn.Of(schema).Where(f => f.Schema.Kind == ColumnKind.Categorical))
        {
            if (captured.Table.IndexOf(feature.Name) < 0) continue; // a missing column is the schema check's finding
            var values = captured.Table.Column(feature.Name).OfType<string>().ToList();
            var unknown = values.Where(feature.IsUnknownCategory).ToList();
            if (values.Count == 0 || unknown.Count == 0) continue;
            var examples = unknown.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(3).Select(g => g.Key).ToList();
            yield return (feature.Name, (double)unknown.Count / values.Count, examples);
        }
    }

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
}
