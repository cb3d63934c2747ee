using System.Net;
using NuGet.Common;

namespace MlOps.Tool.Package;

/// <summary>NuGet's log as "MlOps: NuGet: …" progress lines (warnings and up, and the push's own progress).</summary>
public sealed class NuGetLog(TextWriter? writer) : LoggerBase(LogLevel.Minimal)
{
    public static NuGetLog Quiet { get; } = new(null);

    public override void Log(ILogMessage message)
    {
        if (writer is null || message.Level < LogLevel.Minimal) return;
        lock (writer) writer.WriteLine($"MlOps: NuGet: {message.Message}");
    }

    public override Task LogAsync(ILogMessage message)
    {
        Log(message);
        return Task.CompletedTask;
    }

    /// <summary>The HTTP status a failed NuGet call ended with, when it was an HTTP answer.</summary>
    public static HttpStatusCode? Status(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is HttpRequestException { StatusCode: { } status }) return status;
        return null;
    }

    /// <summary>The innermost message: NuGet wraps the useful one (e.g. "Response status code … 401") in general ones.</summary>
    public static string Reason(Exception e)
    {
        var messages = new List<string>();
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (!messages.Contains(inner.Message)) messages.Add(inner.Message.TrimEnd('.'));
        return string.Join(": ", messages) + ".";
    }
}
