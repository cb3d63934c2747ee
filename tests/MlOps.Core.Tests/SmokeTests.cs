namespace MlOps.Core.Tests;

[TestClass]
public sealed class CanonicalMessageTests
{
    [TestMethod]
    public void FormatsFileAndLine() =>
        Assert.AreEqual("a.csv(3) : error MLOPS2005: bad", MlOps.Core.Diagnostics.CanonicalMessage.Format("error", "MLOPS2005", "bad", "a.csv", 3));
}
