using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using static MlOps.Containers.Tests.Containers;

namespace MlOps.Containers.Tests;

/// <summary>
/// The chain behind "dotnet publish builds an OCI image": a loopback-only registry, an offline
/// base image pushed to it, the SDK publishing onto that base, and dockerd running the result.
/// </summary>
[TestClass]
public sealed class ContainerChainTests
{
    private const string AppTag = "1.0.0";
    private static readonly Lazy<string> PublishedToRegistry = new(() =>
    {
        DemoApp.Publish(BaseImage, $"-p:ContainerRegistry={Registry}", $"-p:ContainerImageTags={AppTag}");
        return $"{Registry}/demo:{AppTag}";
    });

    /// <summary>Docker schema 2 base -> docker-archive, the format `docker load` (docker.io 20.10) reads.</summary>
    private static readonly Lazy<string> DockerArchive = new(() =>
    {
        var path = Path.Combine(StateRoot, "archives", "demo-docker.tar.gz");
        DemoApp.Publish(BaseImage + "-dockerv2", $"-p:ContainerArchiveOutputPath={path}", "-p:ContainerImageTags=2.0.0");
        return path;
    });

    [ClassInitialize]
    public static void StartRegistryAndPushBase(TestContext _)
    {
        Directory.CreateDirectory(StateRoot);
        var sw = Stopwatch.StartNew();
        Registry = Run.Script("registry.sh", "start").EnsureSuccess("registry.sh start").Value("REGISTRY");
        var pushed = Run.Script("base-image.sh", Registry).EnsureSuccess("base-image.sh");
        BaseImage = pushed.StdOut.Trim().Split('\n')[^1].Trim();
        Console.WriteLine($"registry {Registry}, base image {BaseImage} ready in {sw.Elapsed.TotalSeconds:F1}s");
    }

    [ClassCleanup]
    public static void StopEverything()
    {
        // Stop by recorded PID (inside the scripts); the state folder goes with it.
        if (DockerHost != null) Run.Script("dockerd.sh", "stop", "--purge");
        Run.Script("registry.sh", "stop", "--auth");
        Run.Script("registry.sh", "stop");
        try { Directory.Delete(StateRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [TestMethod]
    public void Registry_answers_v2_on_loopback_only()
    {
        using var resp = Http.GetAsync(Api("")).GetAwaiter().GetResult();
        Assert.AreEqual(HttpStatusCode.OK, resp.StatusCode);
        Assert.AreEqual("registry/2.0", resp.Headers.GetValues("Docker-Distribution-Api-Version").Single());
        StringAssert.StartsWith(Registry, "localhost:", "the SDK only treats localhost:PORT as plain HTTP");

        // Every listening socket on the port is IPv4 loopback; nothing on IPv6 or a wildcard address.
        CollectionAssert.AreEqual(new[] { "0100007F" }, Listeners(RegistryPort), "registry must listen on 127.0.0.1 only");

        // And it is not reachable through any non-loopback address of this machine.
        foreach (var ip in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                     .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
                     .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)))
        {
            using var c = new TcpClient();
            Assert.ThrowsExactly<SocketException>(() => c.Connect(ip, RegistryPort), $"registry reachable on {ip}");
        }
    }

    /// <summary>The local addresses (hex, as /proc/net/tcp writes them) of the sockets listening on a TCP port, IPv4 and IPv6.</summary>
    private static List<string> Listeners(int port) =>
        File.ReadLines("/proc/net/tcp").Skip(1).Concat(File.ReadLines("/proc/net/tcp6").Skip(1))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A" && Convert.ToInt32(f[1].Split(':')[1], 16) == port)
            .Select(f => f[1].Split(':')[0]).ToList();

    [TestMethod]
    public void Registry_with_auth_rejects_missing_and_wrong_credentials()
    {
        var auth = Run.Script("registry.sh", "start", "--auth", "mlops:s3cret").EnsureSuccess("registry.sh start --auth");
        try
        {
            var port = int.Parse(auth.Value("REGISTRY").Split(':')[1]);
            Assert.AreNotEqual(RegistryPort, port, "auth registry must be a separate instance");
            HttpStatusCode Get(string? user)
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/v2/");
                if (user != null) req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user)));
                using var resp = Http.Send(req);
                if (user == null) StringAssert.StartsWith(resp.Headers.WwwAuthenticate.ToString(), "Basic");
                return resp.StatusCode;
            }
            Assert.AreEqual(HttpStatusCode.Unauthorized, Get(null));
            Assert.AreEqual(HttpStatusCode.Unauthorized, Get("mlops:wrong"));
            Assert.AreEqual(HttpStatusCode.OK, Get("mlops:s3cret"));
        }
        finally
        {
            Run.Script("registry.sh", "stop", "--auth").EnsureSuccess("registry.sh stop --auth");
        }
    }

    [TestMethod]
    public void Base_image_manifest_config_and_layers_verify()
    {
        var (manifest, mediaType, _) = GetManifest("mlops/aspnet", "10.0");
        Assert.AreEqual(OciManifest, mediaType);
        Assert.AreEqual(2, manifest.GetProperty("schemaVersion").GetInt32());
        var cfgDesc = manifest.GetProperty("config");
        Assert.AreEqual("application/vnd.oci.image.config.v1+json", cfgDesc.GetProperty("mediaType").GetString());
        var config = JsonDocument.Parse(GetBlob("mlops/aspnet", cfgDesc.GetProperty("digest").GetString()!, cfgDesc.GetProperty("size").GetInt64())).RootElement;
        Assert.AreEqual("linux", config.GetProperty("os").GetString());
        Assert.AreEqual("amd64", config.GetProperty("architecture").GetString());
        var env = config.GetProperty("config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        CollectionAssert.Contains(env, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1");
        CollectionAssert.Contains(env, "DOTNET_ROOT=/usr/share/dotnet");
        CollectionAssert.Contains(env, "APP_UID=1654");

        var layers = manifest.GetProperty("layers").EnumerateArray().ToList();
        var diffIds = config.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.AreEqual(3, layers.Count);
        Assert.AreEqual(layers.Count, diffIds.Count);
        var files = new Dictionary<string, System.Formats.Tar.TarEntry>();
        for (var i = 0; i < layers.Count; i++)
        {
            Assert.AreEqual("application/vnd.oci.image.layer.v1.tar+gzip", layers[i].GetProperty("mediaType").GetString());
            var gz = GetBlob("mlops/aspnet", layers[i].GetProperty("digest").GetString()!, layers[i].GetProperty("size").GetInt64());
            var tar = Gunzip(gz);
            AssertDigest(tar, diffIds[i]);   // diff_id = digest of the uncompressed tar
            foreach (var (name, entry) in TarEntries(new MemoryStream(tar))) files[name] = entry;
        }

        var rt = env.Single(e => e!.StartsWith("DOTNET_VERSION=", StringComparison.Ordinal))![15..];
        foreach (var path in new[]
                 {
                     "usr/share/dotnet/dotnet", $"usr/share/dotnet/shared/Microsoft.NETCore.App/{rt}/libcoreclr.so",
                     $"usr/share/dotnet/shared/Microsoft.AspNetCore.App/{rt}/Microsoft.AspNetCore.dll",
                     "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "usr/lib/x86_64-linux-gnu/libc.so.6",
                     "usr/lib/x86_64-linux-gnu/libstdc++.so.6", "usr/lib/x86_64-linux-gnu/libssl.so.3",
                     "usr/lib/x86_64-linux-gnu/libgomp.so.1", "usr/lib/x86_64-linux-gnu/libz.so.1", "lib64", "tmp",
                 })
            Assert.IsTrue(files.ContainsKey(path), $"base image lacks {path}");
        Assert.IsFalse(files.Keys.Any(k => k.Contains("libicu", StringComparison.Ordinal)), "ICU is left out on purpose");
        Assert.IsFalse(files.Keys.Any(k => k.StartsWith("usr/share/dotnet/sdk/", StringComparison.Ordinal)), "no SDK in a runtime image");
        Assert.IsTrue(files["tmp"].Mode.HasFlag(System.IO.UnixFileMode.StickyBit | System.IO.UnixFileMode.OtherWrite), "/tmp must be 1777");
        Assert.AreEqual(1654, files["home/app"].Uid, "app user's home belongs to it");
        Assert.AreEqual(0, files["usr/share/dotnet/dotnet"].Uid, "everything else is root-owned");
        StringAssert.Contains(ReadText(files["etc/passwd"]), "app:x:1654:1654:");
        StringAssert.Contains(ReadText(files["etc/passwd"]), "root:x:0:0:");

        // The Docker schema 2 flavour shares every blob; only the manifest differs.
        var (docker, dockerType, _) = GetManifest("mlops/aspnet", "10.0-dockerv2");
        Assert.AreEqual(DockerManifest, dockerType);
        CollectionAssert.AreEqual(layers.Select(l => l.GetProperty("digest").GetString()).ToList(),
            docker.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()).ToList());
    }

    [TestMethod]
    public void App_publishes_to_registry_on_top_of_base()
    {
        var sw = Stopwatch.StartNew();
        _ = PublishedToRegistry.Value;
        Console.WriteLine($"publish to registry: {sw.Elapsed.TotalSeconds:F1}s");

        var (baseManifest, _, baseDigest) = GetManifest("mlops/aspnet", "10.0");
        var (manifest, mediaType, _) = GetManifest("demo", AppTag);
        Assert.AreEqual(OciManifest, mediaType, "the SDK keeps the base image's media types");
        var baseLayers = baseManifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()).ToList();
        var layers = manifest.GetProperty("layers").EnumerateArray().ToList();
        Assert.AreEqual(baseLayers.Count + 1, layers.Count, "one app layer on top of the base");
        CollectionAssert.AreEqual(baseLayers, layers.Take(baseLayers.Count).Select(l => l.GetProperty("digest").GetString()).ToList());

        var appLayer = layers[^1];
        var appFiles = TarEntries(new MemoryStream(Gunzip(GetBlob("demo", appLayer.GetProperty("digest").GetString()!, appLayer.GetProperty("size").GetInt64()))));
        Assert.IsTrue(appFiles.Keys.Any(k => k.TrimStart('/') == "app/demo.dll"), "app layer holds /app/demo.dll: " + string.Join(", ", appFiles.Keys.Take(10)));

        var cfgDesc = manifest.GetProperty("config");
        var config = JsonDocument.Parse(GetBlob("demo", cfgDesc.GetProperty("digest").GetString()!, cfgDesc.GetProperty("size").GetInt64())).RootElement.GetProperty("config");
        CollectionAssert.AreEqual(new[] { "dotnet", "/app/demo.dll" }, config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual("1654", config.GetProperty("User").GetString(), "SDK picks the user from the base's APP_UID");
        Assert.IsTrue(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _), "SDK infers the port from ASPNETCORE_HTTP_PORTS");
        var labels = config.GetProperty("Labels");
        Assert.AreEqual(BaseImage, labels.GetProperty("org.opencontainers.image.base.name").GetString());
        Assert.AreEqual(baseDigest, labels.GetProperty("org.opencontainers.image.base.digest").GetString());
    }

    [TestMethod]
    public void App_publishes_to_archives_oci_layout_and_docker_archive()
    {
        // An OCI base gives an OCI image layout; a Docker schema 2 base gives a docker-archive
        // (the only one `docker load` of docker.io 20.10 understands). Both are plain tar despite .tar.gz.
        var oci = Path.Combine(StateRoot, "archives", "demo-oci.tar.gz");
        DemoApp.Publish(BaseImage, $"-p:ContainerArchiveOutputPath={oci}", "-p:ContainerImageTags=2.0.0");
        using (var s = File.OpenRead(oci))
        {
            var entries = TarEntries(s);
            Assert.IsTrue(entries.ContainsKey("oci-layout"), "OCI layout marker");
            var index = JsonDocument.Parse(ReadText(entries["index.json"])).RootElement;
            var m = index.GetProperty("manifests")[0];
            Assert.AreEqual(OciManifest, m.GetProperty("mediaType").GetString());
            Assert.AreEqual("2.0.0", m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
            var manifestBytes = Blob(entries, m.GetProperty("digest").GetString()!);
            var manifest = JsonDocument.Parse(manifestBytes).RootElement;
            Blob(entries, manifest.GetProperty("config").GetProperty("digest").GetString()!);
            foreach (var l in manifest.GetProperty("layers").EnumerateArray())
                Blob(entries, l.GetProperty("digest").GetString()!);
        }

        using (var s = File.OpenRead(DockerArchive.Value))
        {
            var entries = TarEntries(s);
            var manifest = JsonDocument.Parse(ReadText(entries["manifest.json"])).RootElement[0];
            CollectionAssert.AreEqual(new[] { "demo:2.0.0" }, manifest.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).ToArray());
            Assert.AreEqual(4, manifest.GetProperty("Layers").GetArrayLength());
            foreach (var l in manifest.GetProperty("Layers").EnumerateArray())
                Assert.IsTrue(entries.ContainsKey(l.GetString()!), $"missing {l}");
        }

        static byte[] Blob(Dictionary<string, System.Formats.Tar.TarEntry> entries, string digest)
        {
            var entry = entries[$"blobs/sha256/{digest["sha256:".Length..]}"];
            using var ms = new MemoryStream();
            entry.DataStream!.Position = 0;
            entry.DataStream.CopyTo(ms);
            AssertDigest(ms.ToArray(), digest);
            return ms.ToArray();
        }
    }

    [TestMethod]
    public void App_image_runs_under_dockerd_and_answers_on_loopback()
    {
        var forwarding = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        var started = Run.Script("dockerd.sh", "start");
        if (started.ExitCode != 0)
            Assert.Fail("dockerd did not start (eng/containers/dockerd.sh installs and starts it), so the image is not run:\n" + started.All);
        DockerHost = started.Value("DOCKER_HOST");
        var image = PublishedToRegistry.Value;
        var docker = new Dictionary<string, string?> { ["DOCKER_HOST"] = DockerHost };
        Run.Result Docker(params string[] args) => Run.Process("docker", args, env: docker, timeout: TimeSpan.FromMinutes(2));

        // dockerd treats 127.0.0.0/8 registries as insecure (plain HTTP) by default, so it pulls from ours.
        Docker("pull", image).EnsureSuccess("docker pull");
        var port = FreeLoopbackPort();
        var name = $"mlops-demo-{Guid.NewGuid():N}"[..20];
        // dockerd.sh's own bridge, the port published on loopback through docker-proxy (no iptables rule).
        Docker("run", "-d", "--name", name, "-p", $"127.0.0.1:{port}:8080", image).EnsureSuccess("docker run");
        try
        {
            var sw = Stopwatch.StartNew();
            string? body = null;
            while (sw.Elapsed < TimeSpan.FromSeconds(30) && body == null)
            {
                try { body = Http.GetStringAsync($"http://127.0.0.1:{port}/").GetAwaiter().GetResult(); }
                catch (HttpRequestException) { Thread.Sleep(200); }
            }
            Assert.AreEqual("hello from mlops demo", body, "container logs:\n" + Docker("logs", name).All);
            Console.WriteLine($"container answered after {sw.Elapsed.TotalSeconds:F1}s");
            StringAssert.Contains(Http.GetStringAsync($"http://127.0.0.1:{port}/healthz").GetAwaiter().GetResult(), "\"status\":\"ok\"");
            Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Http.GetStringAsync($"http://127.0.0.1:{port}/sha256").GetAwaiter().GetResult(), "OpenSSL inside the image");
            Assert.AreEqual("1654", Docker("inspect", "-f", "{{.Config.User}}", name).EnsureSuccess("inspect").StdOut.Trim());
            CollectionAssert.AreEqual(new[] { "0100007F" }, Listeners(port), "published port must listen on 127.0.0.1 only");
            Assert.AreEqual(forwarding, File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim(), "dockerd must not switch on IP forwarding");
        }
        finally
        {
            Docker("rm", "-f", name);
        }

        // ML.NET's native trainers must find all their libraries (libgomp for LightGBM) in the base image:
        // ask the image's own dynamic loader, with the libraries from the NuGet cache mounted read-only.
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var natives = new[] { "microsoft.ml", "microsoft.ml.fasttree", "lightgbm" }
            .Select(p => Path.Combine(nuget, p)).Where(Directory.Exists)
            .SelectMany(p => Directory.GetFiles(p, "*.so", SearchOption.AllDirectories))
            .Where(f => f.Contains("/runtimes/linux-x64/native/", StringComparison.Ordinal))
            .GroupBy(Path.GetFileName).Select(g => g.OrderBy(f => f).Last()).ToList();
        foreach (var lib in natives)
        {
            var ldd = Docker("run", "--rm", "--network", "none", "-v", $"{Path.GetDirectoryName(lib)}:/native:ro",
                "--entrypoint", "/lib64/ld-linux-x86-64.so.2", image, "--list", "/native/" + Path.GetFileName(lib)).EnsureSuccess("ld.so --list " + lib);
            Assert.IsFalse(ldd.StdOut.Contains("not found", StringComparison.Ordinal), $"{lib} in the image:\n{ldd.StdOut}");
        }
        Console.WriteLine($"native libraries resolved in the image: {string.Join(", ", natives.Select(Path.GetFileName))}");

        // The docker-archive flavour loads too (an OCI-layout archive does not with docker.io 20.10).
        StringAssert.Contains(Docker("load", "-i", DockerArchive.Value).EnsureSuccess("docker load").StdOut, "Loaded image: demo:2.0.0");
    }
}
