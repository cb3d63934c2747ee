using System.Text;
using Microsoft.Build.Framework;

namespace MlOps.Sdk.Tasks;

/// <summary>
/// The one way the targets hand settings to the tool: a file of <c>Key=Value</c> lines, one per item, rewritten only
/// when its text changes. So the file's time stamp doubles as the incremental-build cache: a target that lists it in
/// its Inputs reruns exactly when a setting changed. Same bytes as WriteLinesToFile (UTF-8 without BOM, one line each).
/// </summary>
internal static class OptionsFile
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the options; false when the file already held exactly these lines (left untouched).</summary>
    public static bool WriteIfChanged(string path, IEnumerable<ITaskItem> options)
    {
        var text = new StringBuilder();
        foreach (var option in options) text.Append(option.ItemSpec).Append(Environment.NewLine);
        var content = text.ToString();
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && File.ReadAllText(full, Utf8) == content) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, Utf8);
        return true;
    }
}
