using MlOps.Core.Schema;
using MlOps.Serving.Feedback;
using MlOps.Serving.Model;
using MlOps.Serving.Monitoring;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Rollout;

/// <summary>
/// One model of the image with what the service measures of it: its loaded predictor, the drift of the rows it scored,
/// live quality over the labeled rows it scored, and its scored/error counts and recent latencies. Requests are validated
/// against the challenger's layout; <see cref="Input"/> gives this model the columns it knows, by name.
/// </summary>
public sealed class ServedModel
{
    private readonly int[]? _fromChallenger;
    private long _scored, _errors;

    /// <param name="labels">The schema labels are read against (the challenger's): both models' live metrics use it.</param>
    /// <param name="challenger">The challenger's layout, for a champion (its rows are mapped from it); null for the challenger.</param>
    public ServedModel(ModelRole role, ModelFiles files, DataSchema labels, ServingOptions options, FeatureLayout? challenger = null)
    {
        Role = role;
        Files = files;
        Layout = new FeatureLayout(files.Schema);
        Predictor = new Predictor(Layout);
        Drift = new DriftMonitor(Layout, options.DriftWindow, options.DriftMinRows);
        Live = new LiveQuality(labels, options.FeedbackWindow);
        if (challenger is not null) _fromChallenger = [.. Layout.Columns.Select(c => challenger.IndexOf(c.Name))];
    }

    public ModelRole Role { get; }
    public string Name => Role.Name();
    public ModelFiles Files { get; }
    public FeatureLayout Layout { get; }
    public Predictor Predictor { get; }
    public DriftMonitor Drift { get; }
    public LiveQuality Live { get; }
    public LatencyWindow Latency { get; } = new();
    /// <summary>Rows this model scored, answering or in the background.</summary>
    public long Scored => Interlocked.Read(ref _scored);
    /// <summary>Scoring calls of this model that failed (server errors).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The row in this model's layout: the challenger's own row, or a copy of the champion's columns.</summary>
    public FeatureRow Input(FeatureRow validated)
    {
        if (_fromChallenger is not { } map) return validated;
        var row = new FeatureRow(map.Length);
        for (var i = 0; i < map.Length; i++)
        {
            row.Numbers[i] = validated.Numbers[map[i]];
            row.Texts[i] = validated.Texts[map[i]];
        }
        return row;
    }

    /// <summary>Scores validated rows: times them, records their drift and counts them, or counts the failure.</summary>
    public Prediction[] Score(IReadOnlyList<FeatureRow> validated, ServingMetrics metrics)
    {
        var inputs = _fromChallenger is null ? validated : [.. validated.Select(Input)];
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        Prediction[] predictions;
        try { predictions = Predictor.PredictAll(inputs); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _errors);
            metrics.Predictions.WithLabels(Name, ServingMetrics.ServerError).Inc();
            throw new ScoringFailedException(this, e);
        }
        var perRow = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds / Math.Max(1, inputs.Count);
        var duration = metrics.Duration.WithLabels(Name);
        foreach (var row in inputs) { duration.Observe(perRow); Drift.Record(row); }
        Latency.Add(inputs.Count, perRow);
        Interlocked.Add(ref _scored, inputs.Count);
        metrics.Predictions.WithLabels(Name, ServingMetrics.Success).Inc(inputs.Count);
        return predictions;
    }
}

/// <summary>A model failed to score (already counted against it): the request answers 500.</summary>
public sealed class ScoringFailedException(ServedModel model, Exception inner) : Exception($"The {model.Name} failed to score.", inner)
{
    public ServedModel Model { get; } = model;
}
