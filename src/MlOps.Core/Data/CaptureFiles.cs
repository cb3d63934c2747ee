namespace MlOps.Core.Data;

/// <summary>
/// The scoring service's capture files (docs/monitoring.md, "Data capture"): `capture-*.csv` (label empty) and
/// `labeled-*.csv` (label filled by /feedback), comma-separated with a header whatever the project's MlOpsSeparator,
/// the training columns followed by the service's own `mlops_` columns. Training and the production checks read
/// them as they are; the `mlops_` columns are the service's record, never features.
/// </summary>
public static class CaptureFiles
{
    public const string ColumnPrefix = "mlops_";
    public const string Prediction = "mlops_prediction";
    public const string Score = "mlops_score";
    public const string ModelVersion = "mlops_model_version";
    public const string Time = "mlops_time";
    public const string PredictionId = "mlops_prediction_id";
    /// <summary>The service's columns, in the order it writes them after the training columns.</summary>
    public static readonly IReadOnlyList<string> ServiceColumns = [Prediction, Score, ModelVersion, Time, PredictionId];

    // An image with two models (docs/rollout.md, "Capture of both predictions"): who answered, and each model's answer
    // (empty for a model that did not score the row). Written after ServiceColumns.
    public const string Model = "mlops_model";
    public const string ChampionPrediction = "mlops_champion_prediction";
    public const string ChampionScore = "mlops_champion_score";
    public const string ChallengerPrediction = "mlops_challenger_prediction";
    public const string ChallengerScore = "mlops_challenger_score";
    /// <summary>The columns a two-model image adds, in the order it writes them after <see cref="ServiceColumns"/>.</summary>
    public static readonly IReadOnlyList<string> TwoModelColumns = [Model, ChampionPrediction, ChampionScore, ChallengerPrediction, ChallengerScore];

    /// <summary>File name prefixes: rows as predicted, and rows joined with their /feedback label.</summary>
    public const string CapturePrefix = "capture", LabeledPrefix = "labeled";

    /// <summary>The contract fixes the format, so a project's MlOpsSeparator/MlOpsHasHeader never apply to these files.</summary>
    public static readonly CsvOptions Csv = new(',', true);

    public static bool IsServiceColumn(string column) => column.StartsWith(ColumnPrefix, StringComparison.Ordinal);

    /// <summary>By the names the service gives them (`capture-…csv`, `labeled-…csv`).</summary>
    public static bool IsCaptureFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            && (name.StartsWith(CapturePrefix + "-", StringComparison.Ordinal) || name.StartsWith(LabeledPrefix + "-", StringComparison.Ordinal));
    }

    /// <summary>How to read a data file: the contract's format for capture files, the project's settings otherwise.</summary>
    public static CsvOptions OptionsFor(string path, CsvOptions project) => IsCaptureFile(path) ? Csv : project;

    /// <summary>The table without the service's `mlops_` columns: what training and the schema see.</summary>
    public static TabularData WithoutServiceColumns(TabularData data)
    {
        var keep = Enumerable.Range(0, data.ColumnNames.Count).Where(i => !IsServiceColumn(data.ColumnNames[i])).ToList();
        if (keep.Count == data.ColumnNames.Count) return data;
        return new TabularData(data.Path, data.Separator, data.HasHeader, keep.Select(i => data.ColumnNames[i]).ToList(),
            keep.Select(i => data.Columns[i]).ToArray()) { LineNumbers = data.LineNumbers, Warnings = data.Warnings };
    }

    /// <summary>
    /// Capture and labeled files as one table, one row per prediction: a labeled row repeats its captured row, so rows
    /// are counted once per prediction id, the labeled copy kept. What the production checks and the rollout decision read.
    /// </summary>
    public static TabularData Load(IReadOnlyList<string> files, string label) =>
        OnePerPrediction(DataFiles.Merge(files.Select(f => CsvLoader.Load(f, Csv)).ToList()), label);

    private static TabularData OnePerPrediction(TabularData data, string label)
    {
        if (data.IndexOf(PredictionId) < 0) return data;
        var ids = data.Column(PredictionId);
        IReadOnlyList<string?> labels = data.IndexOf(label) is var l and >= 0 ? data.Columns[l] : new string?[data.RowCount];
        var kept = new List<int>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal); // id => index into kept
        for (var r = 0; r < data.RowCount; r++)
        {
            if (ids[r] is not { } id) { kept.Add(r); continue; }
            if (!byId.TryGetValue(id, out var at)) { byId[id] = kept.Count; kept.Add(r); }
            else if (labels[kept[at]] is null && labels[r] is not null) kept[at] = r;
        }
        if (kept.Count == data.RowCount) return data;
        return new TabularData(data.Path, data.Separator, data.HasHeader, data.ColumnNames,
            data.Columns.Select(c => kept.Select(r => c[r]).ToArray()).ToArray());
    }
}
