using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MlOps.Core.Diagnostics;

namespace MlOps.Tool.Oci;

/// <summary>
/// A registry login, found where the .NET SDK's container publishing finds it, so one login serves the image and
/// the model artifact: SDK_CONTAINER_REGISTRY_UNAME/PWORD (only for the registries we publish to, as the SDK does),
/// else the Docker config's auths entry (a user and password, or an identitytoken) or its credential helper.
/// Never on a command line, never printed: <see cref="ToString"/> names only where it came from.
/// </summary>
/// <param name="identityToken">A refresh token (`az acr login` stores one): exchanged at the token realm by the OAuth2 refresh grant.</param>
public sealed class RegistryCredentials(string userName, string password, string origin, string? identityToken = null)
{
    public const string UserVariable = "SDK_CONTAINER_REGISTRY_UNAME";
    public const string PasswordVariable = "SDK_CONTAINER_REGISTRY_PWORD";

    public string UserName { get; } = userName;
    public string Password { get; } = password;
    /// <summary>Where the login came from, for messages (never the secret itself).</summary>
    public string Origin { get; } = origin;
    public string? IdentityToken { get; } = identityToken;

    /// <summary>The pair the model artifact reads, and the one the .NET SDK reads for pushing.</summary>
    public static readonly LoginVariables SdkLogin = new(UserVariable, PasswordVariable);

    public override string ToString() => $"credentials from {Origin}";

    public string BasicValue() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}"));

    /// <summary>
    /// The login for <paramref name="registry"/>: the SDK pair only when it is one of <paramref name="publishRegistries"/>
    /// (the registries we push to), so a baseline's third-party registry never sees the publishing secret.
    /// </summary>
    public static RegistryCredentials? For(string registry, IReadOnlyCollection<string> publishRegistries) => Find(registry, Variables(registry, publishRegistries));

    /// <summary>Where <see cref="For"/> looks, for the message when a registry refuses us.</summary>
    public static string SourcesFor(string registry, IReadOnlyCollection<string> publishRegistries) => Sources(registry, Variables(registry, publishRegistries));

    private static LoginVariables[] Variables(string registry, IReadOnlyCollection<string> publishRegistries) =>
        publishRegistries.Any(r => r.Equals(registry, StringComparison.OrdinalIgnoreCase)) ? [SdkLogin] : [];

    /// <summary>The registry host[:port] of each non-empty ContainerRegistry / MlOpsModelRegistry value (registry/repository).</summary>
    public static IReadOnlyList<string> Hosts(string? registries) =>
        (registries ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.Split('/')[0]).Distinct().ToList();

    /// <param name="variables">The environment variable pairs read, first match wins.</param>
    public static string Sources(string registry, IReadOnlyList<LoginVariables> variables) =>
        (variables.Count > 0 ? $"{string.Join(" or ", variables)} in the environment, or else " : "") + $"the auths entry (or credential helper) for {registry} in {DockerConfigPath()}";

    public static string DockerConfigPath() =>
        Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "config.json");

    /// <summary>The first pair of <paramref name="variables"/> set in the environment, else the Docker config's login.</summary>
    public static RegistryCredentials? Find(string registry, IReadOnlyList<LoginVariables> variables)
    {
        foreach (var pair in variables)
        {
            var user = Environment.GetEnvironmentVariable(pair.User);
            var password = Environment.GetEnvironmentVariable(pair.Password);
            if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
                return new RegistryCredentials(user, password, pair.ToString());
        }
        return FromDockerConfig(registry, DockerConfigPath());
    }

    public static RegistryCredentials? FromDockerConfig(string registry, string configPath)
    {
        if (!File.Exists(configPath)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
            var root = doc.RootElement;
            if (root.TryGetProperty("auths", out var auths))
                foreach (var entry in auths.EnumerateObject().Where(e => SameRegistry(e.Name, registry)))
                {
                    // An identitytoken wins over the placeholder user name stored beside it (00000000-…).
                    if (entry.Value.TryGetProperty("identitytoken", out var identity) && identity.GetString() is { Length: > 0 } refresh)
                        return new RegistryCredentials("", "", $"the auths entry '{entry.Name}' (identitytoken) in {configPath}", refresh);
                    if (entry.Value.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
                    {
                        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                        var colon = pair.IndexOf(':');
                        if (colon > 0) return new RegistryCredentials(pair[..colon], pair[(colon + 1)..], $"the auths entry '{entry.Name}' in {configPath}");
                    }
                    if (entry.Value.TryGetProperty("username", out var u) && entry.Value.TryGetProperty("password", out var p) && u.GetString() is { Length: > 0 } name)
                        return new RegistryCredentials(name, p.GetString() ?? "", $"the auths entry '{entry.Name}' in {configPath}");
                }
            var helper = root.TryGetProperty("credHelpers", out var helpers) && helpers.TryGetProperty(registry, out var h) ? h.GetString()
                : root.TryGetProperty("credsStore", out var store) ? store.GetString() : null;
            return helper is { Length: > 0 } ? FromHelper(helper, registry) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // The message names the file and the problem, never its content.
            throw new MlOpsException(ErrorCodes.ModelArtifactCredentialsUnreadable, $"The Docker config {configPath} cannot be read ({e.GetType().Name}); fix or remove it, or set {UserVariable}/{PasswordVariable}.");
        }
    }

    /// <summary>docker-credential-&lt;helper&gt; get, as Docker runs it: the registry on stdin, JSON on stdout. A missing helper means no login.</summary>
    private static RegistryCredentials? FromHelper(string helper, string registry)
    {
        try
        {
            var start = new ProcessStartInfo($"docker-credential-{helper}", "get") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            process.StandardInput.Write(registry);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)) || process.ExitCode != 0) return null;
            using var doc = JsonDocument.Parse(output);
            var user = doc.RootElement.GetProperty("Username").GetString();
            var secret = doc.RootElement.GetProperty("Secret").GetString();
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(secret)) return null;
            // Helpers hand out an identity token with the user name <token>, as Docker reads them.
            return user == "<token>" ? new RegistryCredentials("", "", $"docker-credential-{helper} (identity token)", secret)
                : new RegistryCredentials(user, secret, $"docker-credential-{helper}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>auths keys may carry a scheme and a path (https://index.docker.io/v1/); compare host[:port] only.</summary>
    private static bool SameRegistry(string key, string registry)
    {
        var host = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        host = host.Split('/')[0];
        // Docker stores its Docker Hub login under https://index.docker.io/v1/.
        return host.Equals(registry, StringComparison.OrdinalIgnoreCase) || (registry == "docker.io" && host == "index.docker.io");
    }
}

/// <summary>Two environment variables that hold a registry login: the user name and the password (or token).</summary>
public sealed record LoginVariables(string User, string Password)
{
    public override string ToString() => $"{User}/{Password}";
}
