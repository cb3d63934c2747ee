namespace MlOps.Serving.Tests;

[TestClass]
public static class AssemblySetup
{
    [AssemblyCleanup]
    public static void DeleteTrainedModels() => TrainedModel.DeleteAll();
}
