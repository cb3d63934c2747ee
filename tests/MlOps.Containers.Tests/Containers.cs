using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace MlOps.Containers.Tests;

/// <summary>Shared state for the container chain: script paths, the per-run state folder, a tiny registry client.</summary>
internal static class Containers
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static readonly string RepoRoot = FindRepoRoot();
    public static readonly string ScriptDir = Path.Combine(RepoRoot, "eng", "containers");
    /// <summary>Per-run folder handed to the scripts as MLOPS_CONTAINERS_STATE, so runs never share daemons.</summary>
    public static readonly string StateRoot = Path.Combine(Path.GetTempPath(), $"mlops-ctr-{Environment.ProcessId}-{Guid.NewGuid():N}"[..30]);

    public static string Registry = "";      // localhost:PORT
    public static string BaseImage = "";     // localhost:PORT/mlops/aspnet:10.0
    public static string? DockerHost;        // unix:///... once dockerd.sh start succeeded

    public static int RegistryPort => int.Parse(Registry.Split(':')[1]);
    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>127.0.0.1 rather than localhost: the registry listens on IPv4 loopback only.</summary>
    public static string Api(string path) => $"http://127.0.0.1:{RegistryPort}/v2/{path}";

    public static (JsonElement Manifest, string MediaType, string Digest) GetManifest(string repo, string reference)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, Api($"{repo}/manifests/{reference}"));
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DockerManifest));
        using var resp = Http.Send(req);
        var body = resp.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        Assert.AreEqual(HttpStatusCode.OK, resp.StatusCode, $"GET manifest {repo}:{reference}: {System.Text.Encoding.UTF8.GetString(body)}");
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        if (resp.Headers.TryGetValues("Docker-Content-Digest", out var d))
            Assert.AreEqual(digest, d.Single(), "registry digest header must match the manifest bytes");
        return (JsonDocument.Parse(body).RootElement.Clone(), resp.Content.Headers.ContentType!.MediaType!, digest);
    }

    /// <summary>Downloads a blob and checks that its bytes hash to the digest it is addressed by.</summary>
    public static byte[] GetBlob(string repo, string digest, long? expectedSize = null)
    {
        var bytes = Http.GetByteArrayAsync(Api($"{repo}/blobs/{digest}")).GetAwaiter().GetResult();
        AssertDigest(bytes, digest, expectedSize);
        return bytes;
    }

    public static void AssertDigest(byte[] bytes, string digest, long? expectedSize = null)
    {
        Assert.AreEqual(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), "blob content does not match its digest");
        if (expectedSize is long size) Assert.AreEqual(size, bytes.LongLength, $"size of {digest}");
    }

    public static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Entry names of a tar (leading "./" stripped) with their contents for small regular files.</summary>
    public static Dictionary<string, TarEntry> TarEntries(Stream tar)
    {
        var result = new Dictionary<string, TarEntry>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry(copyData: true) is { } e)
            result[(e.Name.StartsWith("./", StringComparison.Ordinal) ? e.Name[2..] : e.Name).TrimEnd('/')] = e;
        return result;
    }

    public static string ReadText(TarEntry e)
    {
        e.DataStream!.Position = 0;
        using var r = new StreamReader(e.DataStream, leaveOpen: true);
        return r.ReadToEnd();
    }

    public static int FreeLoopbackPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlOps.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException("MlOps.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A throwaway ASP.NET Core app written by hand (no template, no repo props), published on demand.</summary>
internal static class DemoApp
{
    public static readonly string Dir = Path.Combine(Containers.StateRoot, "demo-app");
    private static readonly Lock Gate = new();
    private static bool _written;

    public static void EnsureWritten()
    {
        lock (Gate)
        {
            if (_written) return;
            Directory.CreateDirectory(Dir);
            // Stop MSBuild's upward search so nothing from an enclosing folder leaks in.
            foreach (var f in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                File.WriteAllText(Path.Combine(Dir, f), "<Project />\n");
            File.WriteAllText(Path.Combine(Dir, "demo.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(Dir, "Program.cs"), """
                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/", () => "hello from mlops demo");
                // SHA-256 goes through OpenSSL on Linux: proves libssl/libcrypto load inside the image.
                app.MapGet("/sha256", () => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("abc"u8)));
                app.MapGet("/healthz", () => Results.Ok(new { status = "ok", runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription }));
                app.Run();
                """);
            _written = true;
        }
    }

    /// <summary>dotnet publish -t:PublishContainer (the -p:PublishContainer=true property alone does nothing in SDK 10.0.401).</summary>
    public static Run.Result Publish(string baseImage, params string[] extra)
    {
        EnsureWritten();
        lock (Gate) // one publish at a time: they share obj/ and bin/
            return Run.DotNet(Dir, ["publish", "-c", "Release", "-t:PublishContainer",
                $"-p:ContainerBaseImage={baseImage}", "-p:ContainerRepository=demo", .. extra]).EnsureSuccess("dotnet publish container");
    }
}
