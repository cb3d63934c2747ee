using MlOps.Core.Diagnostics;

namespace MlOps.Tool;

/// <summary>Finds where a property is set in the project file, so a configuration error points at that line.</summary>
public sealed class ProjectLines(string projectFile)
{
    private string[]? _lines;

    public string Path => projectFile;

    /// <summary>The line of an item element, e.g. &lt;MlOpsQualityGate Include="AUC" …; without include, the first such item.</summary>
    public int? LineOfItem(string itemType, string? include)
    {
        if (!Load()) return null;
        for (var i = 0; i < _lines!.Length; i++)
            if (_lines[i].Contains("<" + itemType, StringComparison.Ordinal) && (include is null || _lines[i].Contains($"\"{include}\"", StringComparison.Ordinal)))
                return i + 1;
        return null;
    }

    private bool Load()
    {
        try { _lines ??= File.ReadAllLines(projectFile); return true; }
        catch (IOException) { return false; }
    }

    public int? LineOf(string property)
    {
        if (!Load()) return null;
        var tag = "<" + property;
        for (var i = 0; i < _lines!.Length; i++)
        {
            var at = _lines[i].IndexOf(tag, StringComparison.Ordinal);
            if (at >= 0 && at + tag.Length < _lines[i].Length && _lines[i][at + tag.Length] is '>' or ' ')
                return i + 1;
        }
        return null;
    }

    public MlOpsException Error(string code, string property, string message) =>
        new(code, message, projectFile, LineOf(property));
}
