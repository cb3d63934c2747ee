namespace MlOps.Core.Diagnostics;

/// <summary>
/// Every MLOPS code, banded by area: 0xxx targets, 1xxx configuration, 2xxx data/schema,
/// 3xxx training, 4xxx quality gates, 5xxx publish/feeds, 6xxx serving. README.md lists them all.
/// </summary>
public static class ErrorCodes
{
    // 1xxx configuration
    public const string UnknownTask = "MLOPS1001";
    public const string InvalidTrainingTime = "MLOPS1002";
    public const string UnknownColumnOverride = "MLOPS1003";
    public const string UnknownMetric = "MLOPS1004";
    public const string InvalidSeparator = "MLOPS1005";
    public const string InvalidBoolean = "MLOPS1006";
    public const string InvalidNumber = "MLOPS1007";
    public const string UnknownTrainer = "MLOPS1008";
    public const string ConflictingColumnOverride = "MLOPS1009";
    public const string InvalidOptionsFile = "MLOPS1010";
    // A tool command's options file lacks a key the command needs, or has one it does not read (the targets and the tool disagree).
    public const string OptionsKeyMissing = "MLOPS1011";
    public const string OptionsKeyUnknown = "MLOPS1012";
    public const string InvalidQuoting = "MLOPS1013";
    // Typed API (MlOpsGenerateApi): 1020-1029.
    public const string InvalidApiName = "MLOPS1020";
    public const string ApiInputUnreadable = "MLOPS1021";
    public const string ApiNameHidesType = "MLOPS1022"; // warning
    public const string ApiUnexpected = "MLOPS1023";
    // Rollout settings of publish (MlOpsRolloutMode, MlOpsRollout, MlOpsCanarySteps, …): 1040-1049.
    public const string RolloutInvalidSetting = "MLOPS1040"; // publish's rollout settings
    public const string RolloutDecisionInvalidSetting = "MLOPS1041"; // -t:MlOpsRolloutDecision's settings
    // Container conventions of publish (the model project's Container* settings): 1060-1069.
    public const string ContainerUserNotHardened = "MLOPS1060"; // targets: ContainerUser not a numeric non-root uid[:gid]
    public const string ContainerSeveralPlatforms = "MLOPS1061"; // targets: several ContainerRuntimeIdentifiers without a registry for their index
    // Supply-chain settings of publish (MlOpsSignPackage, MlOpsSigningTimestamper): 1080-1089 (docs/supply-chain.md).
    public const string SigningNoCertificate = "MLOPS1080";
    public const string SigningInvalidTimestamper = "MLOPS1081";

    // 2xxx data and schema
    public const string DataFileMissing = "MLOPS2001";
    public const string DataFileUnreadable = "MLOPS2002";
    public const string DataFileEmpty = "MLOPS2003";
    public const string DataFileHeaderOnly = "MLOPS2004";
    public const string RaggedRow = "MLOPS2005";
    public const string LabelNotFound = "MLOPS2006";
    public const string LabelUnfitForTask = "MLOPS2007";
    public const string TestDataColumnMissing = "MLOPS2008";
    public const string MissingLabelsDropped = "MLOPS2009"; // warning
    public const string UnterminatedQuote = "MLOPS2010";
    // Schema contract (mlops.schema.json): breaking changes between the contract and new data.
    public const string ContractColumnMissing = "MLOPS2011";
    public const string ContractTypeChanged = "MLOPS2012";
    public const string ContractNewCategories = "MLOPS2013";
    public const string ContractOutOfRange = "MLOPS2014";
    public const string ContractMissingRate = "MLOPS2015";
    public const string ContractExtraColumn = "MLOPS2016"; // warning unless strict
    public const string ContractUnreadable = "MLOPS2017";
    public const string MultiLineField = "MLOPS2018"; // warning: a quoted field spans lines

    // 3xxx training
    // Each tool command has its own code for "failed unexpectedly" (a bug, with the stack trace), in its band: train is TrainingFailed.
    public const string NoTrialCompleted = "MLOPS3001";
    public const string TrainingFailed = "MLOPS3002";
    public const string TrialFailed = "MLOPS3003"; // warning
    // Replay (MlOpsReplay): 3010+, leaving 3004-3009 to the search.
    public const string ReplayManifestUnreadable = "MLOPS3010";
    public const string ReplayManifestIncompatible = "MLOPS3011";
    // Model card (model-card.md/.html, written after training): 3020+
    public const string ModelCardInputUnreadable = "MLOPS3020";
    public const string ModelCardUnexpected = "MLOPS3021";
    // Big data and the memory ceiling (MlOpsMaxMemoryMB, measured): 3030+
    public const string MemoryCeilingTooLow = "MLOPS3030";
    public const string RowsCappedByMemory = "MLOPS3031"; // warning
    public const string RefitRowsCappedByTime = "MLOPS3032"; // warning
    // ONNX export (MlOpsExportOnnx, model.onnx): 3040+
    public const string OnnxPipelineUnsupported = "MLOPS3040";
    public const string OnnxConversionFailed = "MLOPS3041";

    // 4xxx quality gates and model checks (declared in the model project, run by `dotnet test`)
    public const string UnknownGateMetric = "MLOPS4001";
    public const string InvalidGate = "MLOPS4002";
    public const string BaselineModelMissing = "MLOPS4003";
    public const string ChecksUnexpected = "MLOPS4004";
    // Production checks (MlOpsProductionData): 4010-4019.
    public const string InvalidProductionCheckSetting = "MLOPS4010";
    // Rollout decision (-t:MlOpsRolloutDecision, docs/rollout.md): 4020-4029.
    public const string RolloutHold = "MLOPS4021";
    public const string RolloutRollback = "MLOPS4022";
    public const string RolloutModelNotBuilt = "MLOPS4023";
    public const string RolloutEvidenceUnreadable = "MLOPS4024";
    public const string RolloutDecisionUnexpected = "MLOPS4025";
    // Run comparison (-t:MlOpsCompare, docs/compare.md): 4040-4049.
    public const string CompareBaselineMissing = "MLOPS4040";
    public const string CompareBaselineIncompatible = "MLOPS4041";
    public const string CompareModelNotBuilt = "MLOPS4042";
    public const string CompareInputUnreadable = "MLOPS4043";
    public const string CompareUnexpected = "MLOPS4049";

    // 6xxx serving (the scoring service built by `dotnet publish`); 6001-6009 start-up, 6010+ requests (problem details "code")
    public const string ServingModelMissing = "MLOPS6001";
    public const string ServingModelUnreadable = "MLOPS6002";
    public const string ServingInvalidSetting = "MLOPS6003";
    public const string RequestMalformed = "MLOPS6010";
    public const string RequestInvalidValue = "MLOPS6011";
    public const string RequestTooLarge = "MLOPS6012";
    public const string ModelNotReady = "MLOPS6013";
    public const string PredictionFailed = "MLOPS6014";

    // 5xxx publish (`dotnet publish` of a model project: scoring image, Kubernetes manifests)
    public const string PublishSdkVersionUnknown = "MLOPS5001";
    public const string PublishNoModel = "MLOPS5002";
    public const string PublishHostRestoreFailed = "MLOPS5003";
    public const string PublishImageFailed = "MLOPS5004";
    public const string PublishImageManifestUnreadable = "MLOPS5005";
    public const string DeployUnexpected = "MLOPS5006";
    public const string BaseImageUnexpected = "MLOPS5007";
    public const string ImageLabelsUnexpected = "MLOPS5008";
    public const string PublishedUnexpected = "MLOPS5009";
    // The model package (NuGet) and published-model references (MlOpsBaselineModel, MlOpsLineageOf): 5010-5029.
    public const string PackageVersionExists = "MLOPS5010";
    public const string PackagePushFailed = "MLOPS5011";
    public const string PackageFeedUnusable = "MLOPS5012";
    public const string ModelReferenceInvalid = "MLOPS5013";
    public const string ModelPackageNotFound = "MLOPS5014";
    public const string ModelPackageCorrupt = "MLOPS5015";
    public const string PackageModelInconsistent = "MLOPS5017";
    public const string PackageInfoUnexpected = "MLOPS5018";
    public const string PackagePushUnexpected = "MLOPS5019";
    public const string BaselineUnexpected = "MLOPS5020";
    public const string LineageUnexpected = "MLOPS5021";
    public const string ImageIndexUnexpected = "MLOPS5022";

    // 5030-5039 the model as an OCI artifact (MlOpsModelRegistry, the OCI layout, oci: references)
    public const string ModelArtifactInvalidReference = "MLOPS5030";
    public const string ModelArtifactUnauthorized = "MLOPS5031";
    public const string ModelArtifactRegistryUnreachable = "MLOPS5032";
    public const string ModelArtifactRegistryError = "MLOPS5033";
    public const string ModelArtifactDigestMismatch = "MLOPS5034";
    public const string ModelArtifactNotFound = "MLOPS5035";
    public const string ModelArtifactNotAModel = "MLOPS5036";
    public const string ModelArtifactInputMissing = "MLOPS5037";
    public const string ModelArtifactCredentialsUnreadable = "MLOPS5038";
    public const string ArtifactUnexpected = "MLOPS5039";

    // 5040-5049 the monitoring files publish writes (Prometheus rules, Grafana dashboard)
    public const string MonitoringInvalidSetting = "MLOPS5040";
    public const string MonitoringUnexpected = "MLOPS5041";

    // 5050-5059 registry tags (-t:MlOpsPromote, -t:MlOpsRollback) and the registry client's token realm
    public const string RolloutNoRepository = "MLOPS5050";
    public const string RolloutModelMismatch = "MLOPS5051";
    public const string RolloutTagMissing = "MLOPS5052";
    public const string RolloutTagNotVerified = "MLOPS5053";
    public const string RegistryTokenRealmRefused = "MLOPS5054";
    public const string PromoteUnexpected = "MLOPS5055";
    public const string RollbackUnexpected = "MLOPS5056";
    // 5060-5069 two models in one image: the champion baked in beside the challenger (docs/rollout.md)
    public const string RolloutChampionUnfit = "MLOPS5060";
    public const string RolloutModelAltered = "MLOPS5061";
    public const string RolloutModeNeedsChampion = "MLOPS5062";
    public const string RolloutPairUnexpected = "MLOPS5063";
    // 5070-5079 the scoring image's conventions (Container* settings, runtime identifiers, metadata)
    public const string ContainerRuntimeUnsupported = "MLOPS5070"; // warning: a container RID the model's native library lacks
    // 5090-5099 supply chain: the SBOMs publish writes and the model package's signature (docs/supply-chain.md)
    public const string SigningCertificateUnreadable = "MLOPS5090";
    public const string SigningRefused = "MLOPS5091";
    public const string SigningTimestampFailed = "MLOPS5092";
    public const string SbomInputMissing = "MLOPS5093";
    public const string SbomUnexpected = "MLOPS5094";

    // 6xxx staging smoke test (-p:MlOpsSmokeTest=true): 6020+
    public const string SmokeDockerFailed = "MLOPS6020";
    public const string SmokeNotReady = "MLOPS6021";
    public const string SmokePredictionFailed = "MLOPS6022";
    public const string SmokePredictionMismatch = "MLOPS6023";
    public const string SmokeNoSampleRow = "MLOPS6024";
    public const string SmokeUnexpected = "MLOPS6025";

    // 6xxx the production loop (prediction ids, data capture, POST /feedback): 6030-6039
    public const string PredictionIdInvalid = "MLOPS6030";
    public const string FeedbackLabelInvalid = "MLOPS6031";
    public const string FeedbackUnknownPrediction = "MLOPS6032";
    public const string FeedbackLatePrediction = "MLOPS6033";
    public const string FeedbackAlreadyLabeled = "MLOPS6035";
    public const string CaptureWriteFailed = "MLOPS6036"; // logged, never a response: capture cannot write to its folder

    // 6xxx serving: media types and callers (issue 13): 6040+
    public const string RequestUnsupportedMediaType = "MLOPS6040";
    public const string RequestUnauthenticated = "MLOPS6041";
    public const string RequestForbidden = "MLOPS6042";
    public const string ServingApiKeysUnreadable = "MLOPS6043";

    // 6050-6059 rollout: two models in one image, shadow and canary (docs/rollout.md)
    public const string RolloutNoChampion = "MLOPS6050";         // a mode other than off without a champion in the image
    public const string RolloutRoutingColumnUnknown = "MLOPS6051"; // MLOPS_ROUTING_COLUMN names no schema column
    public const string RolloutChampionMismatch = "MLOPS6052";   // the champion does not fit the challenger's input
    public const string RolloutConfidenceInvalid = "MLOPS6053";  // GET /rollout?confidence= outside (0.5, 1)

    // 6060-6069 the ecosystem's endpoints: the card page, the API UI, KServe's v1 protocol (README, "Pages and protocols")
    public const string KServeModelUnknown = "MLOPS6060";   // /v1/models/{name}: a name this service does not serve (404)
    public const string KServeBodyInvalid = "MLOPS6061";    // :predict without an "instances" array (400)
    public const string ModelCardMissing = "MLOPS6062";     // GET /: the image has no model-card.html (MlOpsModelCard=false), 404
}
