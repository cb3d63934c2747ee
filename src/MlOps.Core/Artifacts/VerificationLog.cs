using MlOps.Core.IO;

namespace MlOps.Core.Artifacts;

/// <summary>The checks that ran on one model.zip, identified by its SHA-256: what the tests saw is what ships.</summary>
public sealed record VerificationRecord(string ModelSha256, DateTimeOffset TestedUtc, IReadOnlyList<CheckResultRecord> Checks)
{
    public bool AllPassed => Checks.Count > 0 && Checks.All(c => c.Passed);
}

/// <summary>One generated check: its test name, its category (QualityGate, Schema, Drift, ChampionChallenger), the outcome.</summary>
public sealed record CheckResultRecord(string Name, string Category, bool Passed, DateTimeOffset RanUtc);

/// <summary>
/// Written by the generated tests (MlOps.Testing) into the model project's own manifest, read by publish: each check's
/// latest outcome on the model whose SHA-256 the manifest names. Several test processes may record at once, so each
/// write holds a lock file and replaces the manifest in one rename.
/// </summary>
public static class VerificationLog
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records one outcome for the model with <paramref name="testedSha256"/>; false (nothing written) when the manifest
    /// is missing or describes another model (retrained since the tests' copy was made).
    /// </summary>
    public static bool Record(string manifestPath, string testedSha256, CheckResultRecord result)
    {
        if (!File.Exists(manifestPath)) return false;
        using var held = Lock(manifestPath + ".lock");
        var manifest = MlOpsJson.Read<Manifest>(manifestPath);
        if (!string.Equals(manifest.ModelSha256, testedSha256, StringComparison.OrdinalIgnoreCase)) return false;
        var earlier = manifest.Verification is { } v && string.Equals(v.ModelSha256, testedSha256, StringComparison.OrdinalIgnoreCase) ? v.Checks : [];
        var checks = earlier.Where(c => c.Name != result.Name).Append(result).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var updated = manifest with { Verification = new VerificationRecord(testedSha256, result.RanUtc, checks) };
        AtomicFile.WriteAllText(manifestPath, MlOpsJson.Serialize(updated));
        return true;
    }

    // The lock file stays: deleting it on close would let two writers lock two different files.
    private static FileStream Lock(string path)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
