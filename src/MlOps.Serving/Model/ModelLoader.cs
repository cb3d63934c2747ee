using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Core.Diagnostics;
using MlOps.Serving.Scoring;

namespace MlOps.Serving.Model;

/// <summary>
/// Loads model.zip and runs the warm-up prediction after the server starts listening, so /health/live answers at
/// once and /health/ready flips when scoring is really possible. A model that cannot load stops the process (exit 1):
/// an orchestrator restarting it is better than a pod that is live but never ready.
/// </summary>
internal sealed class ModelLoader(ModelFiles files, Predictor predictor, IHostApplicationLifetime lifetime, ILogger<ModelLoader> logger,
    ModelLoader.Gate gate) : BackgroundService
{
    /// <summary>Tests hold loading here to observe the not-ready state; production passes a completed task.</summary>
    public sealed record Gate(Func<Task> BeforeLoad);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gate.BeforeLoad().WaitAsync(stoppingToken);
            await Task.Run(() => predictor.Load(files.ModelPath), stoppingToken);
            logger.LogInformation("Model loaded and warmed up in {Seconds:0.000} s: {Task} on '{Label}', trainer {Trainer}, version {Version}; ready.",
                predictor.LoadSeconds, files.Schema.Task, files.Schema.Label, files.Trainer, files.Version);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e)
        {
            var code = e is MlOpsException m ? m.Code : ErrorCodes.ServingModelUnreadable;
            logger.LogCritical(e, "{Code}: the model in {Folder} cannot be served; stopping.", code, files.Folder);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
