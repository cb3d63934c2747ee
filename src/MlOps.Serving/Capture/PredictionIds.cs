using System.Globalization;
using System.Security.Cryptography;

namespace MlOps.Serving.Capture;

/// <summary>
/// Prediction ids. The service's own are <c>&lt;instance&gt;-&lt;n&gt;</c>: a random prefix drawn once per process
/// (8 lower-case base-32 characters) and a counter, so making one is an interlocked increment and a short string, and
/// /feedback can tell an id this process made whose prediction has left the pending set ("late") from one it never
/// made ("unknown"). Clients may send their own (the row's <c>id</c>, or X-Correlation-Id): 1 to
/// <see cref="MaxLength"/> visible ASCII characters, so an id is always a valid header value and log token.
/// </summary>
public sealed class PredictionIds
{
    public const int MaxLength = 128;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private long _issued;

    public PredictionIds()
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        Instance = string.Create(8, BitConverter.ToUInt64(random), static (chars, bits) =>
        {
            for (var i = 0; i < chars.Length; i++, bits >>= 5) chars[i] = Alphabet[(int)(bits & 31)];
        });
    }

    /// <summary>This process's prefix.</summary>
    public string Instance { get; }

    /// <summary>The next sequence number: every answered row takes one, whoever names it; it places the row in the pending set.</summary>
    public long Reserve() => Interlocked.Increment(ref _issued);

    /// <summary>The service's id for sequence number <paramref name="n"/>.</summary>
    public string Format(long n) => string.Create(CultureInfo.InvariantCulture, $"{Instance}-{n}");

    public string Next() => Format(Reserve());

    /// <summary>The sequence number of an id this process made (whether or not it still holds its prediction).</summary>
    public bool TryParse(string id, out long n)
    {
        n = 0;
        return id.Length > Instance.Length + 1 && id.StartsWith(Instance, StringComparison.Ordinal) && id[Instance.Length] == '-'
            && id[Instance.Length + 1] != '0'
            && long.TryParse(id.AsSpan(Instance.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out n)
            && n >= 1 && n <= Interlocked.Read(ref _issued);
    }

    /// <summary>Why a client's id cannot be used, or null when it can.</summary>
    public static string? Problem(string id)
    {
        if (id.Length is 0 or > MaxLength) return $"A prediction id has 1 to {MaxLength} characters; this one has {id.Length}.";
        foreach (var c in id)
            if (c is < '!' or > '~')
                return "A prediction id is visible ASCII (no spaces or control characters), so it fits an HTTP header.";
        return null;
    }
}
