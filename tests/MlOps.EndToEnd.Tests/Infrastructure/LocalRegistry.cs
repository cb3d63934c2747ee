namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>A loopback docker-registry (Debian, distribution 2.8) from eng/containers/registry.sh, optionally with htpasswd auth.</summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly string _state;
    private readonly string? _auth;

    private LocalRegistry(string state, string? auth, string address) => (_state, _auth, Address) = (state, auth, address);

    /// <summary>localhost:PORT, the form the SDKs talk plain HTTP to.</summary>
    public string Address { get; }
    /// <summary>The registry listens on IPv4 loopback only; test HTTP clients go there directly.</summary>
    public string ApiBase => $"http://127.0.0.1:{Address.Split(':')[1]}/v2/";

    /// <param name="auth">user:password for an htpasswd-protected instance (a separate one from the anonymous).</param>
    public static LocalRegistry Start(string state, string? auth = null)
    {
        var output = ContainerScripts.Checked(state, "registry.sh", auth is null ? ["start"] : ["start", "--auth", auth]);
        return new LocalRegistry(state, auth, ContainerScripts.Value(output, "REGISTRY"));
    }

    /// <summary>Pushes the offline ASP.NET Core base image (eng/containers/base-image.sh, logged in when the registry has auth); returns its reference.</summary>
    public string PushBaseImage() =>
        ContainerScripts.Checked(_state, _auth is null ? null : new Dictionary<string, string> { ["REGISTRY_AUTH"] = _auth }, "base-image.sh", Address)
            .Trim().Split('\n')[^1].Trim();

    public void Dispose() => ContainerScripts.Run(_state, "registry.sh", _auth is null ? ["stop"] : ["stop", "--auth"]);

}
