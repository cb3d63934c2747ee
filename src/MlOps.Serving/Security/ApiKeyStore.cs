using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using MlOps.Core.Diagnostics;

namespace MlOps.Serving.Security;

/// <summary>
/// The API keys of MLOPS_API_KEYS_FILE (a mounted secret): one per line, either the key itself or <c>sha256:&lt;hex&gt;</c>,
/// the SHA-256 of its UTF-8 bytes (so the file need not hold keys at all); blank lines and <c>#</c> comments are skipped.
/// Only hashes are kept in memory, and a presented key's hash is compared with every one of them in constant time.
/// The file is re-read when its time stamp or size changes (looked at no more than every <see cref="RecheckInterval"/>),
/// so rotating a Kubernetes secret takes effect without a restart; a file that becomes unreadable or empty keeps the
/// keys last read (and says so in the log). At start-up it must hold at least one key (MLOPS6043).
/// </summary>
public sealed class ApiKeyStore
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private const string HashPrefix = "sha256:";

    private readonly string _path;
    private readonly ILogger? _logger;
    private readonly Lock _reload = new();
    private volatile byte[][] _hashes;
    private (DateTime Written, long Length) _stamp;
    private long _nextCheck;

    public ApiKeyStore(string path, ILogger? logger = null)
    {
        _path = Path.GetFullPath(path);
        _logger = logger;
        try
        {
            _stamp = Stamp();
            _hashes = Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable($"cannot be read: {e.Message}");
        }
        if (_hashes.Length == 0) throw Unreadable("holds no key");
        _nextCheck = Environment.TickCount64 + (long)RecheckInterval.TotalMilliseconds;
    }

    public int Count => _hashes.Length;

    /// <summary>Whether <paramref name="key"/> is one of the file's keys; every stored hash is compared, in constant time each.</summary>
    public bool Accepts(string key)
    {
        ReloadIfChanged();
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var match = false;
        foreach (var hash in _hashes) match |= CryptographicOperations.FixedTimeEquals(presented, hash);
        return match;
    }

    private void ReloadIfChanged()
    {
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextCheck) || !_reload.TryEnter()) return;
        try
        {
            Interlocked.Exchange(ref _nextCheck, now + (long)RecheckInterval.TotalMilliseconds);
            var stamp = Stamp();
            if (stamp == _stamp) return;
            _stamp = stamp;
            var hashes = Read();
            if (hashes.Length == 0)
            {
                _logger?.LogWarning("{Code}: the API key file {Path} now holds no key; the {Count} keys read before stay valid.",
                    ErrorCodes.ServingApiKeysUnreadable, _path, _hashes.Length);
                return;
            }
            _hashes = hashes;
            _logger?.LogInformation("API key file {Path} re-read: {Count} keys.", _path, hashes.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger?.LogWarning("{Code}: the API key file {Path} cannot be re-read ({Message}); the keys read before stay valid.",
                ErrorCodes.ServingApiKeysUnreadable, _path, e.Message);
        }
        finally { _reload.Exit(); }
    }

    // Stat follows symbolic links: a Kubernetes secret update swaps the ..data link, which changes the target's stamp.
    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        if (!info.Exists) throw new FileNotFoundException("The file does not exist.", _path);
        return (info.LastWriteTimeUtc, info.Length);
    }

    private byte[][] Read() =>
        [.. File.ReadAllLines(_path).Select((line, i) => (Text: line.Trim(), Number: i + 1))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#')).Select(l => HashOf(l.Text, l.Number))];

    private static byte[] HashOf(string line, int number)
    {
        if (!line.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase)) return SHA256.HashData(Encoding.UTF8.GetBytes(line));
        var hex = line[HashPrefix.Length..];
        // A malformed hash line is an error with its line number, never silently a key that happens to start "sha256:".
        try { if (hex.Length == 64) return Convert.FromHexString(hex); }
        catch (FormatException) { }
        throw new IOException($"line {number} starts with '{HashPrefix}' but is not followed by 64 hex digits");
    }

    private MlOpsException Unreadable(string what) => new(ErrorCodes.ServingApiKeysUnreadable,
        $"The API key file (MlOps:ApiKeysFile, MLOPS_API_KEYS_FILE) {what}: put one key, or sha256:<hex of its SHA-256>, per line.", _path);
}
