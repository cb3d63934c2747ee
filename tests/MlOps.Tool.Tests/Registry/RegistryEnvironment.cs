namespace MlOps.Tool.Tests.Registry;

/// <summary>
/// Sets the variables a registry login is read from (SDK_CONTAINER_REGISTRY_*, DOCKER_CONFIG) for one test and puts
/// them back after; DOCKER_CONFIG points at an empty folder by default, so the machine's own login never leaks in.
/// These tests run one at a time (the project does not parallelize), so process variables are safe here.
/// </summary>
internal sealed class RegistryEnvironment : IDisposable
{
    private static readonly string[] Names = ["SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD", "DOCKER_CONFIG"];
    private readonly Dictionary<string, string?> _saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
    private readonly TempDir _config = new();

    public RegistryEnvironment(string? user = null, string? password = null)
    {
        Environment.SetEnvironmentVariable(Names[0], user);
        Environment.SetEnvironmentVariable(Names[1], password);
        Environment.SetEnvironmentVariable(Names[2], _config.Root);
    }

    /// <summary>Writes the Docker config.json the client reads (DOCKER_CONFIG/config.json); returns its path.</summary>
    public string DockerConfig(string json) => _config.Write("config.json", json);

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        _config.Dispose();
    }
}
