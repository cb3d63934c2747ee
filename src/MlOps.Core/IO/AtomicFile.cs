using System.Text;

namespace MlOps.Core.IO;

/// <summary>
/// Replaces a file in one rename: a reader (a packer, a concurrent build, the next test) sees the old file or the new
/// one, never half of one, and a failed write leaves the old file and no temporary behind.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content, Encoding? encoding = null) =>
        Replace(path, temp => File.WriteAllText(temp, content, encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    public static void WriteAllBytes(string path, byte[] bytes) => Replace(path, temp => File.WriteAllBytes(temp, bytes));

    public static void Copy(string source, string path) => Replace(path, temp => File.Copy(source, temp, overwrite: true));

    private static void Replace(string path, Action<string> write)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
