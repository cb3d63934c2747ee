using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace MlOps.Tool.Oci;

/// <summary>sha256 digests in the OCI form <c>sha256:&lt;64 lower-case hex&gt;</c>, the only algorithm we write or accept.</summary>
public static partial class OciDigest
{
    public static string Of(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(Stream stream) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Of(stream);
    }

    public static bool IsValid(string? digest) => digest is not null && Sha256Pattern().IsMatch(digest);

    /// <summary>The hex part, which names the blob file in an OCI layout (blobs/sha256/&lt;hex&gt;).</summary>
    public static string Hex(string digest) => digest["sha256:".Length..];

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Sha256Pattern();
}
