using System.IO.Compression;

namespace MlOps.Engine.Data;

/// <summary>
/// ML.NET stamps every entry of model.zip with the current time, so two identical models differ in
/// bytes. Rewriting the archive with a fixed timestamp (same entry order and contents) makes the
/// file, and its SHA-256 in the manifest, reproducible.
/// </summary>
internal static class DeterministicZip
{
    public static readonly DateTimeOffset Timestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Normalize(Stream source, Stream destination)
    {
        using var input = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        using var output = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in input.Entries)
        {
            var copy = output.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = Timestamp;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
