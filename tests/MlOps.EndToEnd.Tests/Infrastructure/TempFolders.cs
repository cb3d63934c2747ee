namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>One temp root per test run; each test gets its own folder below it, removed after a green run.</summary>
public static class TempFolders
{
    public static string Root { get; } = Directory.CreateTempSubdirectory("mlops-e2e-").FullName;

    public static string New(string name)
    {
        var path = Path.Combine(Root, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }
}
