using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Core.Diagnostics;
using MlOps.Core.Schema;
using MlOps.Serving.Model;
using MlOps.Serving.Rollout;

namespace MlOps.Serving.Capture;

/// <summary>
/// The columns of capture and labeled files (docs/monitoring.md, "Data capture"): the training schema's columns in
/// schema.json order, label included, then the service's own <c>mlops_</c> columns. Cells are in training-file form
/// (invariant numbers, booleans true/false, categories and text as given, RFC 4180 quotes), so the files read back
/// through the training loader; the stdout sink writes the same fields as one JSON object per line.
/// </summary>
public sealed class CaptureColumns
{
    private readonly Source[] _sources;
    private readonly string[] _names;
    private readonly JsonEncodedText[] _jsonNames;
    private readonly string _challengerVersion, _championVersion;

    /// <summary>Where a schema column's cell comes from.</summary>
    private readonly record struct Source(ColumnKind Kind, int Feature, int Other, bool Label, bool Excluded);

    /// <exception cref="MlOpsException">MLOPS6003 when CaptureExclude names a column the schema does not have: a typo
    /// there would write personal data the operator meant to keep out.</exception>
    /// <param name="modelVersion">The (challenger's) version.</param>
    /// <param name="championVersion">The champion's version in an image with two models: the five columns of
    /// docs/rollout.md follow the service columns. Null in a one-model image.</param>
    public CaptureColumns(FeatureLayout layout, string modelVersion, IReadOnlyList<string> exclude, string? championVersion = null)
    {
        var schema = layout.Schema;
        var unknown = exclude.Where(e => schema.Find(e) is null).ToList();
        if (unknown.Count > 0)
            throw new MlOpsException(ErrorCodes.ServingInvalidSetting,
                $"MlOps:CaptureExclude (MLOPS_CAPTURE_EXCLUDE) names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which the schema does not have; its columns are {string.Join(", ", schema.Columns.Select(c => $"'{c.Name}'"))}.");
        var others = new List<string>();
        _sources = new Source[schema.Columns.Count];
        for (var j = 0; j < schema.Columns.Count; j++)
        {
            var c = schema.Columns[j];
            var label = c.Name == schema.Label;
            var feature = label ? -1 : layout.IndexOf(c.Name);
            var other = -1;
            if (!label && feature < 0) { other = others.Count; others.Add(c.Name); }
            _sources[j] = new Source(c.Kind, feature, other, label, exclude.Contains(c.Name, StringComparer.Ordinal));
        }
        Others = others;
        Task = schema.Task;
        _challengerVersion = modelVersion;
        _championVersion = championVersion ?? modelVersion;
        _names = [.. schema.Columns.Select(c => c.Name), .. CaptureFiles.ServiceColumns, .. championVersion is null ? [] : CaptureFiles.TwoModelColumns];
        _jsonNames = [.. _names.Select(n => JsonEncodedText.Encode(n))];
        Header = string.Join(',', _names.Select(Quote));
    }

    public MlTask Task { get; }
    /// <summary>The schema's columns that are neither the label nor a feature (ignored ones): captured as their raw text.</summary>
    public IReadOnlyList<string> Others { get; }
    /// <summary>The header line, without its line break.</summary>
    public string Header { get; }

    /// <summary>Appends the row as one CSV record (no line break).</summary>
    public void AppendCsv(StringBuilder line, CapturedRow row)
    {
        for (var j = 0; j < _names.Length; j++)
        {
            if (j > 0) line.Append(',');
            if (Cell(j, row) is { Length: > 0 } cell) line.Append(Quote(cell));
        }
    }

    /// <summary>Writes the row as one JSON object: numbers and booleans typed, missing values null.</summary>
    public void WriteJson(Utf8JsonWriter json, CapturedRow row)
    {
        json.WriteStartObject();
        for (var j = 0; j < _names.Length; j++)
        {
            var cell = Cell(j, row);
            if (string.IsNullOrEmpty(cell)) json.WriteNull(_jsonNames[j]);
            else if (IsNumber(j))
            {
                json.WritePropertyName(_jsonNames[j]);
                json.WriteRawValue(cell);
            }
            else if (j < _sources.Length && _sources[j] is { Kind: ColumnKind.Boolean, Feature: >= 0 }) json.WriteBoolean(_jsonNames[j], cell == "true");
            else json.WriteString(_jsonNames[j], cell);
        }
        json.WriteEndObject();
    }

    /// <summary>Cell j in training-file form; null or "" is an empty cell.</summary>
    private string? Cell(int j, CapturedRow row)
    {
        if (j >= _sources.Length) return ServiceCell(j - _sources.Length, row);
        var s = _sources[j];
        if (s.Excluded) return null;
        if (s.Label) return row.Label;
        if (s.Other >= 0) return row.Others?[s.Other];
        if (row.Row is not { } inputs) return null;
        return s.Kind switch
        {
            ColumnKind.Numeric => Number(inputs.Numbers[s.Feature]),
            ColumnKind.Boolean => float.IsNaN(inputs.Numbers[s.Feature]) ? null : inputs.Numbers[s.Feature] == 1f ? "true" : "false",
            _ => inputs.Texts[s.Feature],
        };
    }

    // ServiceColumns, then TwoModelColumns: mlops_model, then each model's prediction and score (champion, challenger).
    private string? ServiceCell(int k, CapturedRow row) => k switch
    {
        0 => Prediction(row.Predicted, row.Score),
        1 => Number(row.Score),
        2 => row.Model == ModelRole.Champion ? _championVersion : _challengerVersion,
        3 => row.Time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        4 => row.Id,
        5 => row.Model.Name(),
        _ => row.AnswerOf(k < 8 ? ModelRole.Champion : ModelRole.Challenger) is { } answer
            ? k % 2 == 0 ? Prediction(answer.Predicted, answer.Score) : Number(answer.Score)
            : null,
    };

    /// <summary>mlops_prediction's cell: the class, or a regression's value.</summary>
    private string? Prediction(string? predicted, float score) => Task == MlTask.Regression ? Number(score) : predicted;

    // Numeric columns, the scores, and the predictions and the label of a regression are JSON numbers.
    private bool IsNumber(int j)
    {
        if (j < _sources.Length) return _sources[j] is { Kind: ColumnKind.Numeric, Feature: >= 0 } || (_sources[j].Label && Task == MlTask.Regression);
        var k = j - _sources.Length;
        return k is 1 or 7 or 9 || (k is 0 or 6 or 8 && Task == MlTask.Regression);
    }

    /// <summary>The shortest text that reads back as the same float (what the model got); NaN and infinities are empty.</summary>
    internal static string? Number(float value) => float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null;

    /// <summary>RFC 4180, and also cells the training reader would change: it trims unquoted cells.</summary>
    internal static string Quote(string cell)
    {
        var needs = cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(cell[0]) || char.IsWhiteSpace(cell[^1]);
        return needs ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
