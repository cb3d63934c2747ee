using MlOps.Core.Data;

namespace MlOps.Serving.Tests;

/// <summary>A temp capture folder and its files read back with the training files' loader.</summary>
internal sealed class CaptureFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlops-capture-{Guid.NewGuid():N}");

    public CaptureFolder() => Directory.CreateDirectory(Path);

    public string Setting => $"--MlOps:CaptureDir={Path}";

    /// <summary>Complete files (…csv) of a kind, "capture" or "labeled", oldest first.</summary>
    public string[] Files(string kind) => [.. Directory.GetFiles(Path, $"{kind}-*.csv").Order(StringComparer.Ordinal)];

    public string[] OpenFiles() => Directory.GetFiles(Path, "*.open");

    /// <summary>Every row of the kind's files, as the training loader reads them (the header checked equal in all).</summary>
    public TabularData Read(string kind)
    {
        var files = Files(kind);
        Assert.AreNotEqual(0, files.Length, $"no {kind} files in {Path}: {string.Join(", ", Directory.GetFiles(Path))}");
        var tables = files.Select(f => CsvLoader.Load(f, new CsvOptions(',', true))).ToList();
        foreach (var t in tables) CollectionAssert.AreEqual(tables[0].ColumnNames.ToArray(), t.ColumnNames.ToArray(), t.Path);
        var columns = tables[0].ColumnNames.Select((_, c) => tables.SelectMany(t => t.Columns[c]).ToArray()).ToArray();
        return new TabularData(files[0], ',', true, tables[0].ColumnNames, columns);
    }

    /// <summary>Row of each prediction id.</summary>
    public static Dictionary<string, int> ById(TabularData data) =>
        data.Column("mlops_prediction_id").Select((id, r) => (id!, r)).ToDictionary(x => x.Item1, x => x.r);

    /// <summary>Waits until the condition holds (the writer is asynchronous by design).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within 20 s: {what}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
