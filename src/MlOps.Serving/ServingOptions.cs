using Microsoft.Extensions.Configuration;
using MlOps.Serving.Rollout;

namespace MlOps.Serving;

/// <summary>What a category the model never saw does: scored (and counted as drift), or refused with 422.</summary>
public enum UnknownCategoryPolicy { Score, Reject }

/// <summary>Where captured rows go: CSV files in the capture folder, or JSON lines on stdout for clusters that ship logs.</summary>
public enum CaptureSink { Csv, Stdout }

/// <summary>
/// The service's settings, bound from ASP.NET Core configuration under the <c>MlOps</c> section (MlOps__X variables,
/// appsettings.json, --MlOps:X=... arguments); every setting also has an MLOPS_* variable alias
/// (<see cref="ServingSettings"/>). docs/monitoring.md lists them all.
/// </summary>
public sealed record ServingOptions
{
    public const string Section = "MlOps";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;
    /// <summary>How many of the most recent inputs the drift gauges compare with the training distribution.</summary>
    public int DriftWindow { get; init; } = 1000;
    /// <summary>The drift gauges appear only once the window holds this many rows: a PSI of a handful of rows is noise.</summary>
    public int DriftMinRows { get; init; } = 100;
    public UnknownCategoryPolicy UnknownCategory { get; init; } = UnknownCategoryPolicy.Score;

    /// <summary>Data capture is on when this is set.</summary>
    public string? CaptureDir { get; init; }
    public CaptureSink CaptureSink { get; init; } = CaptureSink.Csv;
    /// <summary>Share of rows captured, 0 to 1.</summary>
    public double CaptureSample { get; init; } = 1;
    /// <summary>Columns never written (personal data); they are written as empty cells.</summary>
    public IReadOnlyList<string> CaptureExclude { get; init; } = [];
    /// <summary>Disk budget of the capture folder in MiB; when reached, capture pauses (and says so in a metric).</summary>
    public long CaptureMaxMB { get; init; } = 1024;
    /// <summary>A capture file is closed and a new one started past this size in MiB ...</summary>
    public long CaptureRotateMB { get; init; } = 64;
    /// <summary>... or this age in minutes, so that closed files reach CI while the service runs.</summary>
    public int CaptureRotateMinutes { get; init; } = 60;

    /// <summary>Live metrics cover the last N labeled rows.</summary>
    public int FeedbackWindow { get; init; } = 1000;
    /// <summary>How many recent predictions are held for /feedback to join with; older ids count as late.</summary>
    public int FeedbackPending { get; init; } = 100_000;

    /// <summary>The name KServe's v1 protocol addresses the model by (/v1/models/{name}): by default the model project's
    /// name in a generated host, else "model".</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>A file of API keys (a mounted secret): when set, prediction and feedback need a key.</summary>
    public string? ApiKeysFile { get; init; }
    /// <summary>A bearer token must carry this scope (its scope or scp claim) or get 403; API keys are not scoped.</summary>
    public string? RequiredScope { get; init; }

    /// <summary>Who answers and who scores off the request path (docs/rollout.md, "Modes"); null: shadow when the image
    /// has a champion, else off.</summary>
    public RolloutMode? Rollout { get; init; }
    /// <summary>The input column whose value routes a canary row when the request has no X-Routing-Key header.</summary>
    public string? RoutingColumn { get; init; }
    /// <summary>Rows waiting for the model that did not answer; beyond it they are dropped for that model and counted.</summary>
    public int ShadowQueue { get; init; } = 10_000;
    /// <summary>Regression: two answers agree when they differ by at most this share of the larger magnitude.</summary>
    public double AgreementTolerance { get; init; } = 0.05;
    /// <summary>Confidence of the paired bounds in GET /rollout and mlops_rollout_worse_by, in (0.5, 1).</summary>
    public double RolloutConfidence { get; init; } = Core.Metrics.PairedComparison.DefaultConfidence;

    /// <summary>Binds and validates the MlOps section: a typo in a setting stops the service (MLOPS6003), never silently
    /// serves with the default.</summary>
    public static ServingOptions From(IConfiguration configuration)
    {
        var s = new ServingSettings(configuration.GetSection(Section));
        var defaults = new ServingOptions();
        return new ServingOptions
        {
            MaxBodyBytes = s.Whole(nameof(MaxBodyBytes), defaults.MaxBodyBytes, 1, long.MaxValue),
            DriftWindow = (int)s.Whole(nameof(DriftWindow), defaults.DriftWindow, 1, 10_000_000),
            DriftMinRows = (int)s.Whole(nameof(DriftMinRows), defaults.DriftMinRows, 1, 10_000_000),
            UnknownCategory = s.Choice(nameof(UnknownCategory), defaults.UnknownCategory),
            CaptureDir = s.Text(nameof(CaptureDir)),
            CaptureSink = s.Choice(nameof(CaptureSink), defaults.CaptureSink),
            CaptureSample = s.Fraction(nameof(CaptureSample), defaults.CaptureSample),
            CaptureExclude = s.List(nameof(CaptureExclude)),
            CaptureMaxMB = s.Whole(nameof(CaptureMaxMB), defaults.CaptureMaxMB, 1, 1L << 30),
            CaptureRotateMB = s.Whole(nameof(CaptureRotateMB), defaults.CaptureRotateMB, 1, 1L << 30),
            CaptureRotateMinutes = (int)s.Whole(nameof(CaptureRotateMinutes), defaults.CaptureRotateMinutes, 1, 7 * 24 * 60),
            FeedbackWindow = (int)s.Whole(nameof(FeedbackWindow), defaults.FeedbackWindow, 1, 10_000_000),
            FeedbackPending = (int)s.Whole(nameof(FeedbackPending), defaults.FeedbackPending, 1, 100_000_000),
            ModelName = s.Text(nameof(ModelName)) ?? defaults.ModelName,
            ApiKeysFile = s.Text(nameof(ApiKeysFile)),
            RequiredScope = s.Text(nameof(RequiredScope)),
            Rollout = s.Parsed(nameof(Rollout), RolloutMode.TryParse, "not one of off, shadow, canary:<percent from 0 to 100>, champion"),
            RoutingColumn = s.Text(nameof(RoutingColumn)),
            ShadowQueue = (int)s.Whole(nameof(ShadowQueue), defaults.ShadowQueue, 1, 10_000_000),
            AgreementTolerance = s.Fraction(nameof(AgreementTolerance), defaults.AgreementTolerance),
            RolloutConfidence = s.Parsed(nameof(RolloutConfidence), RolloutMode.Confidence, "not a number between 0.5 and 1 (exclusive)")
                ?? defaults.RolloutConfidence,
        };
    }

    /// <summary>The settings as the environment alone gives them (tools and tests that run no host).</summary>
    public static ServingOptions FromEnvironment() =>
        From(new ConfigurationBuilder().Add(new ServingSettings.AliasSource()).AddEnvironmentVariables().Build());
}
