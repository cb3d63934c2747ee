using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Rollout;

namespace MlOps.Serving.Model;

/// <summary>
/// Loads model.zip (each model of the image in turn) and runs the warm-up prediction after the server starts listening, so /health/live answers at
/// once and /health/ready flips when scoring is really possible. A model that cannot load stops the process (exit 1):
/// an orchestrator restarting it is better than a pod that is live but never ready.
/// </summary>
internal sealed class ModelLoader(ServedModels models, IHostApplicationLifetime lifetime, ILogger<ModelLoader> logger,
    ModelLoader.Gate gate) : BackgroundService
{
    /// <summary>Tests hold loading here to observe the not-ready state; production passes a completed task.</summary>
    public sealed record Gate(Func<Task> BeforeLoad);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = models.Challenger.Files.Folder;
        try
        {
            await gate.BeforeLoad().WaitAsync(stoppingToken);
            foreach (var model in models.All)
            {
                folder = model.Files.Folder;
                await Task.Run(() => model.Predictor.Load(model.Files.ModelPath), stoppingToken);
                logger.LogInformation("The {Model} loaded and warmed up in {Seconds:0.000} s: {Task} on '{Label}', trainer {Trainer}, version {Version}.",
                    model.Name, model.Predictor.LoadSeconds, model.Files.Schema.Task, model.Files.Schema.Label, model.Files.Trainer, model.Files.Version);
            }
            logger.LogInformation("Ready: rollout mode {Mode}.", models.Mode.Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e)
        {
            var code = e is MlOpsException m ? m.Code : ErrorCodes.ServingModelUnreadable;
            logger.LogCritical(e, "{Code}: the model in {Folder} cannot be served; stopping.", code, folder);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
