using System.Reflection;
using Microsoft.ML;

namespace MlOps.Tool;

public static class Versions
{
    public static string Sdk { get; } = Informational(typeof(Versions).Assembly);
    public static string MlNet { get; } = Informational(typeof(MLContext).Assembly);

    // Drop the "+commit" build metadata the SDK appends.
    private static string Informational(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
         ?? assembly.GetName().Version?.ToString() ?? "unknown").Split('+')[0];
}
