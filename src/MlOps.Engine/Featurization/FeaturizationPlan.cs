using MlOps.Core.Schema;
using MlOps.Engine.Data;

namespace MlOps.Engine.Featurization;

/// <summary>
/// Which featurizer each feature column gets, decided once from the training rows:
/// numeric/boolean -> mean imputation (+ a missing indicator only if the column has missing values), and for
/// numeric columns that look like coded categories an optional one-hot copy (searched, see <see cref="CodedCategoryChoice"/>);
/// categorical -> one-hot up to <see cref="MaxOneHotCategories"/> distinct values, else hashed one-hot;
/// text -> FeaturizeText (its n-gram options are searched, see <see cref="TextOptions"/>).
/// </summary>
internal sealed class FeaturizationPlan
{
    public const int MaxOneHotCategories = 64;
    public const string FeaturesColumn = "__Features";
    /// <summary>Prefix of internal columns, so they never collide with user column names.</summary>
    public const string Prefix = "__f_";
    public const string IndicatorPrefix = "__m_";
    public const string CodedPrefix = "__c_";

    public required IReadOnlyList<string> Numeric { get; init; }
    public required IReadOnlyList<string> WithMissing { get; init; }
    /// <summary>Numeric columns that may also be one-hot encoded (<see cref="CodedCategoryChoice"/>).</summary>
    public IReadOnlyList<string> Coded { get; init; } = [];
    public required IReadOnlyList<string> OneHot { get; init; }
    /// <summary>High-cardinality categoricals and the hash bits each gets.</summary>
    public required IReadOnlyList<(string Column, int Bits)> Hashed { get; init; }
    public required IReadOnlyList<string> Text { get; init; }

    /// <summary>Text is featurized as written (see <see cref="TextOptions.Normalization"/>), so the whole pipeline exports to ONNX.</summary>
    public bool OnnxExportable { get; init; }

    public bool HasText => Text.Count > 0;
    /// <summary>Text is the only kind of feature: no numeric, boolean or categorical column feeds the model.</summary>
    public bool IsTextOnly => HasText && Numeric.Count + OneHot.Count + Hashed.Count == 0;
    public bool HasCoded => Coded.Count > 0;
    /// <summary>A rough width of the feature vector, for memory estimates only.</summary>
    public int EstimatedSlots => Numeric.Count + WithMissing.Count + 8 * OneHot.Count + 8 * Hashed.Count + 64 * Text.Count;
    /// <summary>Raw columns that feed the features.</summary>
    public int FeatureColumns => Numeric.Count + OneHot.Count + Hashed.Count + Text.Count;
    public bool IsEmpty => Numeric.Count + OneHot.Count + Hashed.Count + Text.Count == 0;

    public static FeaturizationPlan Create(DataSchema schema, TypedTable table, int[] rows, bool onnxExportable = false)
    {
        List<string> numeric = [], missing = [], coded = [], oneHot = [], text = [];
        List<(string, int)> hashed = [];
        foreach (var column in schema.Features)
        {
            switch (column.Kind)
            {
                case ColumnKind.Numeric or ColumnKind.Boolean:
                    numeric.Add(column.Name);
                    var values = ((SingleColumn)table.Find(column.Name)).Values;
                    if (rows.Any(r => float.IsNaN(values[r]))) missing.Add(column.Name);
                    if (column.Kind == ColumnKind.Numeric && CodedCategoryChoice.LooksCoded(values, rows)) coded.Add(column.Name);
                    break;
                case ColumnKind.Categorical:
                    var distinct = Distinct(((TextColumn)table.Find(column.Name)).Cells, rows);
                    if (distinct <= MaxOneHotCategories) oneHot.Add(column.Name);
                    else hashed.Add((column.Name, HashBits(distinct)));
                    break;
                case ColumnKind.Text:
                    text.Add(column.Name);
                    break;
            }
        }
        return new FeaturizationPlan
        {
            Numeric = numeric, WithMissing = missing, Coded = coded, OneHot = oneHot, Hashed = hashed, Text = text, OnnxExportable = onnxExportable,
        };
    }

    /// <summary>About two buckets per distinct value keeps collisions rare, capped at 2^16 slots.</summary>
    internal static int HashBits(int distinct) => Math.Clamp((int)Math.Ceiling(Math.Log2(Math.Max(2, distinct) * 2.0)), 8, 16);

    private static int Distinct(string?[] cells, int[] rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
            if (!string.IsNullOrEmpty(cells[r])) seen.Add(cells[r]!);
        return seen.Count;
    }

    /// <summary>Readable steps for the manifest, e.g. "OneHot(vendor_id)".</summary>
    public IReadOnlyList<string> Describe(bool normalizeForLinear, bool codedOneHot)
    {
        var steps = new List<string>();
        if (Numeric.Count > 0) steps.Add($"ReplaceMissingValues(mean: {string.Join(", ", Numeric)})");
        if (WithMissing.Count > 0) steps.Add($"IndicateMissingValues({string.Join(", ", WithMissing)})");
        if (codedOneHot && HasCoded) steps.Add($"OneHot(coded: {string.Join(", ", Coded)})");
        steps.AddRange(OneHot.Select(c => $"OneHot({c})"));
        steps.AddRange(Hashed.Select(h => $"OneHotHash({h.Column}, {1 << h.Bits} buckets)"));
        steps.AddRange(Text.Select(c => OnnxExportable ? $"FeaturizeText({c}, {TextOptions.AsWritten})" : $"FeaturizeText({c})"));
        steps.Add("Concatenate(Features)");
        if (normalizeForLinear) steps.Add("NormalizeMinMax(Features)");
        return steps;
    }
}
