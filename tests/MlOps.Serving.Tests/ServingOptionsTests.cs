using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Core.Diagnostics;

namespace MlOps.Serving.Tests;

/// <summary>Settings bind from configuration (MlOps__X, appsettings, --MlOps:X) with the MLOPS_* variables as aliases.</summary>
[TestClass]
public sealed class ServingOptionsTests
{
    [TestMethod]
    [DataRow("DriftMinRows", "MLOPS_DRIFT_MIN_ROWS")]
    [DataRow("CaptureMaxMB", "MLOPS_CAPTURE_MAX_MB")]
    [DataRow("MaxBodyBytes", "MLOPS_MAX_BODY_BYTES")]
    [DataRow("ApiKeysFile", "MLOPS_API_KEYS_FILE")]
    [DataRow("RequiredScope", "MLOPS_REQUIRED_SCOPE")]
    public void EveryKeyHasItsDocumentedAlias(string key, string alias) => Assert.AreEqual(alias, ServingSettings.AliasOf(key));

    [TestMethod]
    public void TheSectionBindsEveryKind()
    {
        var options = ServingOptions.From(Config(new()
        {
            ["MlOps:DriftMinRows"] = "25", ["MlOps:UnknownCategory"] = "Reject", ["MlOps:CaptureSink"] = "stdout",
            ["MlOps:CaptureSample"] = "0.25", ["MlOps:CaptureExclude"] = " email, name ,", ["MlOps:CaptureDir"] = "/capture",
            ["MlOps:RequiredScope"] = " predict ",
        }));
        Assert.AreEqual("predict", options.RequiredScope);
        Assert.AreEqual(25, options.DriftMinRows);
        Assert.AreEqual(UnknownCategoryPolicy.Reject, options.UnknownCategory);
        Assert.AreEqual(CaptureSink.Stdout, options.CaptureSink);
        Assert.AreEqual(0.25, options.CaptureSample);
        CollectionAssert.AreEqual(new[] { "email", "name" }, options.CaptureExclude.ToArray());
        Assert.AreEqual("/capture", options.CaptureDir);
        Assert.AreEqual(new ServingOptions().DriftWindow, options.DriftWindow, "unset keys keep their defaults");
    }

    [TestMethod]
    [DataRow("DriftMinRows", "0")]
    [DataRow("DriftWindow", "ten")]
    [DataRow("CaptureSample", "1.5")]
    [DataRow("UnknownCategory", "ignore")]
    [DataRow("CaptureSink", "1")]
    public void ATypoStopsTheServiceNamingBothSpellings(string key, string value)
    {
        var e = Assert.ThrowsExactly<MlOpsException>(() => ServingOptions.From(Config(new() { [$"MlOps:{key}"] = value })));
        Assert.AreEqual(ErrorCodes.ServingInvalidSetting, e.Code);
        StringAssert.Contains(e.Message, $"MlOps:{key} ({ServingSettings.AliasOf(key)}) is '{value}'");
    }

    [TestMethod]
    public async Task AnArgumentBeatsTheAliasVariable()
    {
        var model = TrainedModel.For(MlOps.Core.Schema.MlTask.BinaryClassification);
        Environment.SetEnvironmentVariable("MLOPS_DRIFT_MIN_ROWS", "7");
        Environment.SetEnvironmentVariable("MLOPS_DRIFT_WINDOW", "300");
        try
        {
            await using var app = ScoringHost.Build(["--MlOps:DriftMinRows=9"], model.Folder, null, null);
            var options = app.Services.GetRequiredService<ServingOptions>();
            Assert.AreEqual(9, options.DriftMinRows, "--MlOps:DriftMinRows wins over MLOPS_DRIFT_MIN_ROWS");
            Assert.AreEqual(300, options.DriftWindow, "MLOPS_DRIFT_WINDOW still works on its own");
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLOPS_DRIFT_MIN_ROWS", null);
            Environment.SetEnvironmentVariable("MLOPS_DRIFT_WINDOW", null);
        }
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
