using System.Text;
using MlOps.Core.Data;

namespace MlOps.Core.Tests;

/// <summary>A fresh folder per test for data files, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-core-tests-").FullName;

    public string Write(string name, string content, bool bom = false)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: bom));
        return path;
    }

    /// <summary>Writes the text as a file and loads it with the given options (detection by default).</summary>
    public TabularData Load(string content, CsvOptions? options = null, string name = "data.csv") =>
        CsvLoader.Load(Write(name, content), options ?? new CsvOptions());

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
