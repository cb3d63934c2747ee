using Microsoft.Build.Framework;
using MlOps.Sdk.Tasks;

namespace MlOps.Tool.Tests;

/// <summary>The tool's progress lines as the task turns them into the events each MSBuild logger shows.</summary>
[TestClass]
public sealed class ToolOutputTests
{
    [TestMethod]
    public void FieldsRoundTripWithoutSeparatorsOrLineBreaks()
    {
        var line = ToolOutput.FormatStatus("3/30 s", "trial\t3", "MlOps: a\nb");
        Assert.IsTrue(ToolOutput.TryParse(line, out var kind, out var fields));
        Assert.AreEqual(ToolOutput.Status, kind);
        CollectionAssert.AreEqual(new[] { "3/30 s", "trial 3", "MlOps: a b" }, fields);
        Assert.IsFalse(ToolOutput.TryParse("MlOps: a plain line", out _, out _));
        Assert.IsFalse(ToolOutput.TryParse("@mlops:status\tonly two", out _, out _), "a short status line is plain text, not a crash");
    }

    [TestMethod]
    public void StatusAndSummaryBecomeTheTerminalLoggersExtendedMessages()
    {
        var (task, engine) = Task();
        task.LogToolLine(ToolOutput.FormatStatus("3/30 s", "trial 3, best AUC=0.9", "MlOps: trial 3 (new best)"), MessageImportance.High);
        task.LogToolLine(ToolOutput.FormatSummary("MlOps: best trainer LightGbm"), MessageImportance.High);

        var status = (ExtendedBuildMessageEventArgs)engine.Messages[0];
        Assert.AreEqual("TLTESTPASSED", status.ExtendedType);
        Assert.AreEqual(MessageImportance.High, status.Importance, "the terminal logger reads only high-importance messages");
        Assert.AreEqual("MlOps: trial 3 (new best)", status.Message, "what the console logger prints");
        Assert.AreEqual("3/30 s", status.ExtendedMetadata!["localizedResult"]);
        Assert.AreEqual("trial 3, best AUC=0.9", status.ExtendedMetadata["displayName"]);
        var summary = (ExtendedBuildMessageEventArgs)engine.Messages[1];
        Assert.AreEqual("TLTESTOUTPUT", summary.ExtendedType);
        Assert.AreEqual("MlOps: best trainer LightGbm", summary.Message);
    }

    [TestMethod]
    public void DetailIsLowImportanceAndPlainLinesAndErrorsAreAsBefore()
    {
        var (task, engine) = Task();
        task.LogToolLine(ToolOutput.FormatDetail("MlOps: trial   4 Sdca"), MessageImportance.High);
        task.LogToolLine("MlOps: model card written", MessageImportance.High);
        task.LogToolLine("/p/Model.csproj(7): error MLOPS1003: MlOpsTrainingTime must be a number", MessageImportance.High);

        Assert.AreEqual(MessageImportance.Low, engine.Messages[0].Importance);
        Assert.AreEqual("MlOps: trial   4 Sdca", engine.Messages[0].Message);
        Assert.AreEqual(MessageImportance.High, engine.Messages[1].Importance);
        var error = engine.Errors.Single();
        Assert.AreEqual(("MLOPS1003", "/p/Model.csproj", 7), (error.Code, error.File, error.LineNumber));
    }

    private static (MlOpsTool, RecordingEngine) Task()
    {
        var engine = new RecordingEngine();
        return (new MlOpsTool { BuildEngine = engine, Command = "train", ToolAssembly = "tool.dll", OptionsFile = "o" }, engine);
    }

    private sealed class RecordingEngine : IBuildEngine
    {
        public List<BuildMessageEventArgs> Messages { get; } = [];
        public List<BuildErrorEventArgs> Errors { get; } = [];
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "Model.proj";
        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);
        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
        public void LogWarningEvent(BuildWarningEventArgs e) => throw new AssertFailedException("unexpected warning: " + e.Message);
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public bool BuildProjectFile(string projectFileName, string[] targetNames, System.Collections.IDictionary globalProperties, System.Collections.IDictionary targetOutputs) => false;
    }
}
