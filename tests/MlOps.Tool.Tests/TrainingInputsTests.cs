using MlOps.Core.Artifacts;
using MlOps.Core.IO;
using MlOps.Tool;

namespace MlOps.Tool.Tests;

/// <summary>A model's identity: data contents, MlOps settings and SDK version; never a Configuration's folders.</summary>
[TestClass]
public sealed class TrainingInputsTests
{
    private static readonly DataFileRecord[] Data = [new("training", "data/train.csv", new string('a', 64), 10)];

    [TestMethod]
    public void FoldersAndPathsDoNotChangeTheIdentity()
    {
        var debug = Hash("OutputDirectory=/p/bin/Debug/x\nProjectFile=/p/M.csproj\nTrainingData=/p/data/train.csv\nSeed=1", Data, "1.0.0");
        var elsewhere = Hash("OutputDirectory=/q/obj/mlops/model\nProjectFile=/q/M.csproj\nTrainingData=/q/data/train.csv\nSeed=1", Data, "1.0.0");
        Assert.AreEqual(debug, elsewhere);
        Assert.AreEqual(64, debug.Length);
    }

    [TestMethod]
    public void ASettingTheDataOrTheSdkVersionDo()
    {
        var baseline = Hash("Seed=1", Data, "1.0.0");
        Assert.AreNotEqual(baseline, Hash("Seed=2", Data, "1.0.0"));
        Assert.AreNotEqual(baseline, Hash("Seed=1", [Data[0] with { Sha256 = new string('b', 64) }], "1.0.0"));
        Assert.AreNotEqual(baseline, Hash("Seed=1", Data, "1.0.1"));
    }

    private static string Hash(string options, IEnumerable<DataFileRecord> data, string sdk)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, options);
            return TrainingInputs.Sha256(OptionsFile.Read(path), data, sdk);
        }
        finally { File.Delete(path); }
    }
}
