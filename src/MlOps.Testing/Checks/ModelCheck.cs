namespace MlOps.Testing.Checks;

/// <summary>One generated test: a readable name, and a Run that throws an assertion failure with the evidence.</summary>
public abstract class ModelCheck(string model, string name)
{
    public string Model { get; } = model;
    public string Name { get; } = $"{model}: {name}";
    /// <summary>QualityGate, Schema, Drift or ChampionChallenger: recorded in the manifest's verification.</summary>
    public abstract string Category { get; }
    public abstract void Run();
}
