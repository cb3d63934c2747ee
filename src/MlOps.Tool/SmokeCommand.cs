using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Core.Artifacts;
using MlOps.Core.Diagnostics;
using MlOps.Core.Rollout;
using MlOps.Core.Schema;
using MlOps.Engine;
using MlOps.Tool.Rollout;

namespace MlOps.Tool;

/// <summary>
/// smoke: the staging smoke test of `dotnet publish -p:MlOpsSmokeTest=true`. Runs the published image under the Docker
/// daemon DOCKER_HOST (or the default socket) names, waits for /health/ready, scores the first row of the test (else
/// training) data through POST /predict/batch and checks it equals the model's in-process prediction, then removes the
/// container. No reachable daemon: a message, exit 0. The container runs hardened exactly as the Kubernetes deployment
/// says (HardenedContainer: read-only root, a tmpfs scratch /tmp of the emptyDir's size, the app user, no capabilities,
/// no-new-privileges), on the daemon's default bridge, with its port published on a free 127.0.0.1 port only.
/// An image with a champion (RolloutFolder: the staged champion/ and rollout.json) runs twice, MLOPS_ROLLOUT=canary:100
/// then champion, and each answer must name its model and version and equal that model's in-process prediction.
/// </summary>
public static class SmokeCommand
{
    public static readonly OptionKeys Keys = new OptionKeys(["Image", "ModelFolder"], ["Archive", "RolloutFolder", "User"]).With(SampleRows.Keys);

    public static async Task<int> RunAsync(OptionsFile options, TextWriter log, CancellationToken cancel)
    {
        var image = options.Require("Image");
        var modelFolder = options.Require("ModelFolder");
        var endpoint = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).Build();
        try
        {
            using var ping = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            ping.CancelAfter(TimeSpan.FromSeconds(5));
            await docker.System.PingAsync(ping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            log.WriteLine($"MlOps: smoke test skipped: no Docker daemon answers at {endpoint} (set DOCKER_HOST to reach one). {e.GetBaseException().Message}");
            return 0;
        }

        await EnsureImage(docker, image, options.Get("Archive"), log, cancel);
        if (options.Get("RolloutFolder") is not { } rolloutFolder)
        {
            var (csv, expected) = SampleAndExpected(options, modelFolder, modelFolder);
            var hardened = HardenedContainer.ForModels(RolloutFile.ModelZips(modelFolder, null)).AsUser(options.Get("User"));
            var run = await RunOnceAsync(docker, image, [], hardened, csv, cancel);
            if (Compare(expected, run.Answer) is { } answer)
                throw new MlOpsException(ErrorCodes.SmokePredictionMismatch, $"The container's prediction differs from the model's: {answer}. Request:\n{csv}Response: {run.Body}");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MlOps: smoke test passed: {image} (read-only root, user {hardened.UserId}, no capabilities) ready in {run.ReadySeconds:F1} s, POST /predict/batch = {run.Answer.GetRawText()} (same as the model in-process)"));
            return 0;
        }

        // Two models (docs/rollout.md): the challenger answers in canary:100, the champion in champion; each answer
        // must say which model gave it and equal that model's own prediction of the same row.
        var pair = RolloutFile.Read(Path.Combine(rolloutFolder, RolloutFile.FileName));
        var championFolder = Path.Combine(rolloutFolder, RolloutFile.ChampionFolder);
        var scratch = HardenedContainer.ForModels(RolloutFile.ModelZips(modelFolder, rolloutFolder)).AsUser(options.Get("User"));
        foreach (var (mode, role, folder, version) in new[]
        {
            ("canary:100", "challenger", modelFolder, pair.Challenger.Version),
            ("champion", "champion", championFolder, pair.Champion.Version),
        })
        {
            var (csv, expected) = SampleAndExpected(options, modelFolder, folder);
            var run = await RunOnceAsync(docker, image, [new(RolloutSettings.ModeVariable, mode)], scratch, csv, cancel);
            var said = (Model: Text(run.Answer, "model"), Version: Text(run.Answer, "modelVersion"));
            var problem = said != (role, version) ? $"it says model \"{said.Model}\" version \"{said.Version}\", expected \"{role}\" version \"{version}\"" : Compare(expected, run.Answer);
            if (problem is not null)
                throw new MlOpsException(ErrorCodes.SmokePredictionMismatch, $"With {RolloutSettings.ModeVariable}={mode}, the container's answer is not the {role}'s: {problem}. Request:\n{csv}Response: {run.Body}");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MlOps: smoke test passed: {image} with {RolloutSettings.ModeVariable}={mode} (hardened) ready in {run.ReadySeconds:F1} s, POST /predict/batch = {run.Answer.GetRawText()} (the {role} {version}, same as in-process)"));
        }
        return 0;
    }

    private static string? Text(JsonElement answer, string property) =>
        answer.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record ContainerRun(JsonElement Answer, string Body, double ReadySeconds);

    /// <summary>Runs the image once, hardened, with the extra variables; waits for ready; posts the row; removes the container.</summary>
    private static async Task<ContainerRun> RunOnceAsync(DockerClient docker, string image, IReadOnlyList<KeyValuePair<string, string>> extraEnv,
        HardenedContainer hardened, string csv, CancellationToken cancel)
    {
        var port = ProcessProbe.FreeLoopbackPort();
        var name = "mlops-smoke-" + Guid.NewGuid().ToString("N")[..12];
        string? id = null;
        try
        {
            id = (await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = image,
                Name = name,
                User = $"{hardened.UserId}:{hardened.GroupId}",
                ExposedPorts = new Dictionary<string, EmptyStruct> { [$"{HardenedContainer.Port}/tcp"] = default },
                Env = HardenedContainer.Environment.Concat(extraEnv).Select(e => $"{e.Key}={e.Value}").ToList(),
                HostConfig = HostConfig(hardened, port),
            }, cancel)).ID;
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancel);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var ready = await http.GetAsync("/health/ready", cancel);
                    if (ready.StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException) { }
                var state = (await docker.Containers.InspectContainerAsync(id, cancel)).State;
                var running = state?.Running == true;
                if (!running || clock.Elapsed > TimeSpan.FromSeconds(90))
                    throw new MlOpsException(ErrorCodes.SmokeNotReady,
                        $"The container of {image} did not become ready ({(running ? "no 200 from /health/ready in 90 s" : $"exited with code {state?.ExitCode}")}). Its log:\n{await Logs(docker, id, cancel)}");
                await Task.Delay(250, cancel);
            }
            var readySeconds = clock.Elapsed.TotalSeconds;

            using var response = await http.PostAsync("/predict/batch", new StringContent(csv, Encoding.UTF8, "text/csv"), cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new MlOpsException(ErrorCodes.SmokePredictionFailed, $"POST /predict/batch answered {(int)response.StatusCode}: {body}");
            return new ContainerRun(JsonDocument.Parse(body).RootElement[0].Clone(), body, readySeconds);
        }
        catch (DockerApiException e)
        {
            throw new MlOpsException(ErrorCodes.SmokeDockerFailed, $"Docker refused to run {image}: {e.Message}");
        }
        finally
        {
            if (id is not null)
                try { await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None); }
                catch (DockerApiException) { }
        }
    }

    /// <summary>
    /// The deployment's settings as Docker's: read-only root, the emptyDir as a tmpfs of its size limit, the app user,
    /// every capability dropped, no-new-privileges (allowPrivilegeEscalation: false), Docker's default seccomp profile
    /// (RuntimeDefault), and the service port published on 127.0.0.1 only.
    /// </summary>
    private static HostConfig HostConfig(HardenedContainer run, int hostPort) => new()
    {
        ReadonlyRootfs = true,
        Tmpfs = new Dictionary<string, string> { [HardenedContainer.ScratchPath] = $"size={run.ScratchBytes}" },
        CapDrop = ["ALL"],
        SecurityOpt = ["no-new-privileges"],
        PortBindings = new Dictionary<string, IList<PortBinding>>
        {
            [$"{HardenedContainer.Port}/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = $"{hostPort}" }],
        },
    };

    /// <summary>Pulls the image (a registry reference), or loads the docker-archive the publish wrote.</summary>
    private static async Task EnsureImage(DockerClient docker, string image, string? archive, TextWriter log, CancellationToken cancel)
    {
        try
        {
            if (archive is not null && File.Exists(archive))
            {
                await using var stream = File.OpenRead(archive);
                var messages = new List<string>();
                await docker.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, stream,
                    new Progress<JSONMessage>(m => { if (m.Error?.Message is { Length: > 0 } err) messages.Add(err); }), cancel);
                if (messages.Count > 0) throw new DockerApiException(HttpStatusCode.BadRequest, string.Join("; ", messages));
            }
            else
            {
                var at = image.LastIndexOf(':');
                var (repo, tag) = at > image.LastIndexOf('/') ? (image[..at], image[(at + 1)..]) : (image, "latest");
                string? error = null;
                await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repo, Tag = tag }, null,
                    new Progress<JSONMessage>(m => { if (m.Error?.Message is { Length: > 0 } err) error = err; }), cancel);
                if (error is not null) throw new DockerApiException(HttpStatusCode.BadRequest, error);
            }
            await docker.Images.InspectImageAsync(image, cancel);
        }
        catch (DockerApiException e)
        {
            throw new MlOpsException(ErrorCodes.SmokeDockerFailed,
                $"The Docker daemon could not get {image} {(archive is not null ? $"from {archive} (docker load reads docker-archives only: use a Docker schema 2 base image, or publish to a registry)" : "from its registry")}: {e.Message}");
        }
        log.WriteLine($"MlOps: smoke test: {image} is in the Docker daemon");
    }

    /// <summary>
    /// The first row of the sample data as a CSV body (the request's features: those of <paramref name="requestFolder"/>'s
    /// schema), and what the model in <paramref name="modelFolder"/> says of that row in-process (read with its own schema).
    /// </summary>
    private static (string Csv, JsonElement Expected) SampleAndExpected(OptionsFile options, string requestFolder, string modelFolder)
    {
        var csv = SampleRows.Load(options, ReadSchema(requestFolder), count: 1).Csv.ToString();
        var schema = ReadSchema(modelFolder);
        var one = SampleRows.Load(options, schema, count: 1).Rows;

        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(Path.Combine(modelFolder, ArtifactFiles.Model), out _);
        var scored = model.Transform(DataViewFactory.Create(one, schema, includeLabel: false));
        var json = schema.Task switch
        {
            MlTask.BinaryClassification => JsonSerializer.Serialize(new { label = schema.LabelClasses![scored.GetColumn<bool>("PredictedLabel").First() ? 1 : 0] }),
            MlTask.MulticlassClassification => JsonSerializer.Serialize(new { label = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").First().ToString() }),
            _ => JsonSerializer.Serialize(new { value = scored.GetColumn<float>("Score").First() }),
        };
        return (csv, JsonDocument.Parse(json).RootElement.Clone());
    }

    private static DataSchema ReadSchema(string folder) => SchemaJson.Deserialize(File.ReadAllText(Path.Combine(folder, ArtifactFiles.Schema)));

    /// <summary>Null when equal: the label for classification, the value within float rounding for regression.</summary>
    private static string? Compare(JsonElement expected, JsonElement actual)
    {
        if (expected.TryGetProperty("label", out var label))
            return actual.TryGetProperty("label", out var got) && got.GetString() == label.GetString() ? null
                : $"expected label {label.GetRawText()}";
        var want = expected.GetProperty("value").GetDouble();
        return actual.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && Math.Abs(v.GetDouble() - want) <= 1e-4 * Math.Max(1, Math.Abs(want))
            ? null : string.Create(CultureInfo.InvariantCulture, $"expected value {want}");
    }

    private static async Task<string> Logs(DockerClient docker, string id, CancellationToken cancel)
    {
        try
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "50" }, cancel);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancel);
            return stdout + stderr;
        }
        catch (Exception e) when (e is DockerApiException or IOException) { return "(no log: " + e.Message + ")"; }
    }
}
