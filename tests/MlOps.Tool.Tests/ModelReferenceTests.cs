using MlOps.Core.Diagnostics;
using MlOps.Tool.Package;

namespace MlOps.Tool.Tests;

[TestClass]
public sealed class ModelReferenceTests
{
    private static readonly string Project = Path.GetFullPath("/work/project");

    [TestMethod]
    public void NuGetWithAVersion()
    {
        var reference = ModelReference.Parse("nuget:Contoso.Churn.Model@1.4.0-rc.1", Project);
        Assert.AreEqual(ModelReferenceKind.NuGet, reference.Kind);
        Assert.AreEqual("Contoso.Churn.Model", reference.Id);
        Assert.AreEqual("1.4.0-rc.1", reference.Version);
        Assert.IsFalse(reference.IsLatest);
    }

    [TestMethod]
    public void NuGetLatestInAnyCaseHasNoVersion()
    {
        var reference = ModelReference.Parse(" NuGet:Contoso.Churn.Model@Latest ", Project);
        Assert.IsTrue(reference.IsLatest);
        Assert.IsNull(reference.Version);
        Assert.AreEqual("nuget:Contoso.Churn.Model@latest", reference.ToString());
    }

    [TestMethod]
    public void OciKeepsTheWholeReference()
    {
        var reference = ModelReference.Parse("oci:localhost:5000/models/churn:1.4.0", Project);
        Assert.AreEqual(ModelReferenceKind.Oci, reference.Kind);
        Assert.AreEqual("localhost:5000/models/churn:1.4.0", reference.Value);
    }

    [TestMethod]
    public void APathIsResolvedAgainstTheProject()
    {
        var reference = ModelReference.Parse("baseline/model.zip", Project);
        Assert.AreEqual(ModelReferenceKind.Path, reference.Kind);
        Assert.AreEqual(Path.Combine(Project, "baseline", "model.zip"), reference.Value);
        Assert.IsFalse(ModelReference.IsRemote("baseline/model.zip"));
        Assert.IsFalse(ModelReference.IsRemote(@"C:\models\model.zip"), "a drive letter is not a scheme");
        Assert.IsTrue(ModelReference.IsRemote("nuget:A@1.0.0"));
    }

    [TestMethod]
    [DataRow("nuget:Contoso.Churn.Model", "give a version or 'latest'")]
    [DataRow("nuget:Contoso.Churn.Model@", "give a version or 'latest'")]
    [DataRow("nuget:@1.0.0", "give a package id")]
    [DataRow("nuget:Contoso Churn@1.0.0", "give a package id")]
    [DataRow("nuget:Contoso.Churn.Model@newest", "'newest' is not a package version")]
    [DataRow("oci:", "give an image reference")]
    [DataRow("s3://bucket/model.zip", "'s3:' is not a known source")]
    public void MalformedReferencesSayWhatIsExpected(string text, string expected)
    {
        var error = Assert.ThrowsExactly<MlOpsException>(() => ModelReference.Parse(text, Project));
        Assert.AreEqual(ErrorCodes.ModelReferenceInvalid, error.Code);
        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(error.Message, "MlOpsBaselineModel");
    }
}
