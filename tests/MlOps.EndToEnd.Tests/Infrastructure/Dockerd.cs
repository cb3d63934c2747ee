using System.Diagnostics;
using System.Net;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test class's own dockerd (eng/containers/dockerd.sh) in its state folder, and the docker CLI pointed at it.
/// Started on first use, so classes whose tests never run an image never pay for it.
/// </summary>
public sealed class Dockerd(string state)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string? _host;

    /// <summary>DOCKER_HOST of the running daemon (started here if it is not yet).</summary>
    public string Host
    {
        get
        {
            if (_host is not null) return _host;
            var started = ContainerScripts.Run(state, "dockerd.sh", "start");
            if (started.ExitCode != 0) Assert.Fail("dockerd did not start (eng/containers/dockerd.sh installs and starts it):\n" + started.Output);
            return _host = ContainerScripts.Value(started.Output, "DOCKER_HOST");
        }
    }

    public bool Started => _host is not null;

    public string Docker(params string[] args)
    {
        // docker logs replays the container's stderr on its own stderr: keep both.
        var r = ContainerScripts.Capture("docker", args, new Dictionary<string, string> { ["DOCKER_HOST"] = Host }, withStderr: args[0] == "logs");
        if (r.ExitCode != 0) throw new AssertFailedException($"docker {string.Join(' ', args)}: {r.Output}");
        return r.Output;
    }

    /// <summary>Polls /health/ready until 200; fails with the container's log when it exits or after 60 s.</summary>
    public void WaitUntilReady(string url, string container)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try { if (Http.GetAsync(url + "/health/ready").Result.StatusCode == HttpStatusCode.OK) break; }
            catch (AggregateException) { }
            if (sw.Elapsed > TimeSpan.FromSeconds(60) || Docker("inspect", "-f", "{{.State.Running}}", container).Trim() != "true")
                Assert.Fail($"{container} did not become ready ({Docker("inspect", "-f", "{{.State.Status}} exit {{.State.ExitCode}}", container).Trim()}):\n" + Docker("logs", container));
            Thread.Sleep(200);
        }
        Console.WriteLine($"{container} ready in {sw.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Stops the daemon and deletes its data root, if it was started.</summary>
    public void Stop()
    {
        if (_host is not null) ContainerScripts.Run(state, "dockerd.sh", "stop", "--purge");
    }
}
