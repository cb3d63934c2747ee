using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MlOps.Core.IO;

/// <summary>Small facts about processes and loopback that the tool, the benches and the tests all need.</summary>
public static class ProcessProbe
{
    /// <summary>Peak resident memory (VmHWM) of a process in bytes, from /proc; null where that is not readable (not Linux).</summary>
    public static long? PeakBytes(int? pid = null)
    {
        try
        {
            var status = pid is int p ? $"/proc/{p}/status" : "/proc/self/status";
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
