using System.Security.Cryptography;
using System.Text;
using MlOps.Core.Artifacts;

namespace MlOps.Tool;

/// <summary>
/// A model's identity: the hash of what it was trained from (the data files' contents, the MlOps settings and the SDK
/// version). Configuration, output folders and the machine's paths are not part of it, so Debug and Release of an
/// unchanged project name the same model (README "Train once, ship the tested bytes").
/// </summary>
public static class TrainingInputs
{
    // Paths differ between machines and configurations and say nothing of the model; data files count by content.
    private static readonly HashSet<string> PathKeys = new(StringComparer.OrdinalIgnoreCase)
        { "ProjectFile", "OutputDirectory", "TrainingData", "TestData", "SchemaContract", "ReplayManifest" };

    public static string Sha256(OptionsFile options, IEnumerable<DataFileRecord> data, string sdkVersion)
    {
        var text = new StringBuilder().Append("sdk=").Append(sdkVersion).Append('\n');
        foreach (var (key, value) in options.Entries().Where(e => !PathKeys.Contains(e.Key)))
            text.Append("setting:").Append(key).Append('=').Append(value).Append('\n');
        foreach (var file in data)
            text.Append("data:").Append(file.Role).Append(':').Append(file.Sha256).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
