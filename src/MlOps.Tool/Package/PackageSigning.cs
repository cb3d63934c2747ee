using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MlOps.Core.Diagnostics;
using NuGet.Common;
using NuGet.Packaging.Signing;

namespace MlOps.Tool.Package;

/// <summary>
/// MlOpsSignPackage=true: an author signature on the model package, made in this process with NuGet's own signing code
/// (what `dotnet nuget sign` runs), so the certificate's password stays in the environment and never becomes a
/// process argument (`dotnet nuget sign` only takes it as --certificate-password, visible in the process list).
/// The certificate: a .pfx/.p12 or PEM file (certificate and private key) at MLOPS_SIGNING_CERTIFICATE, or a
/// base64 .pfx in MLOPS_SIGNING_CERTIFICATE_BASE64 (a CI secret); its password, if any, in MLOPS_SIGNING_CERTIFICATE_PASSWORD.
/// </summary>
public static class PackageSigning
{
    public const string CertificateVariable = "MLOPS_SIGNING_CERTIFICATE";
    public const string CertificateBase64Variable = "MLOPS_SIGNING_CERTIFICATE_BASE64";
    public const string PasswordVariable = "MLOPS_SIGNING_CERTIFICATE_PASSWORD";

    /// <summary>Signs <paramref name="package"/> in place (a signed copy, then one rename); <paramref name="timestamper"/> is an RFC 3161 URL or null.</summary>
    public static async Task SignAsync(string package, string? timestamper, ProjectLines project, TextWriter log, CancellationToken cancellation)
    {
        var line = project.LineOf("MlOpsSignPackage");
        using var certificate = LoadCertificate(project.Path, line);
        // Read now: disposing the sign request disposes the certificate too.
        var (subject, fingerprint) = (certificate.Subject, certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        if (!certificate.HasPrivateKey)
            throw new MlOpsException(ErrorCodes.SigningRefused,
                $"The signing certificate {subject} ({fingerprint}) has no private key: give a .pfx, or a PEM file with the key, in {CertificateVariable}.", project.Path, line);

        var timestampProvider = timestamper is null ? null : new Rfc3161TimestampProvider(new Uri(timestamper));
        var signed = package + ".signed-" + Guid.NewGuid().ToString("N")[..8];
        var nugetLog = new SigningLog(log);
        try
        {
            using var request = new AuthorSignPackageRequest(certificate, NuGet.Common.HashAlgorithmName.SHA256, NuGet.Common.HashAlgorithmName.SHA256);
            using (var options = SigningOptions.CreateFromFilePaths(package, signed, overwrite: true, new X509SignatureProvider(timestampProvider), nugetLog))
                await SigningUtility.SignAsync(options, request, cancellation);
            File.Move(signed, package, overwrite: true);
        }
        catch (Exception e) when (e is TimestampException || (timestamper is not null && !cancellation.IsCancellationRequested && Unreached(e)))
        {
            throw new MlOpsException(ErrorCodes.SigningTimestampFailed,
                $"The timestamper {timestamper} (MlOpsSigningTimestamper) did not timestamp the signature: {NuGetLog.Reason(e)} Check the URL and that this machine reaches it, or leave MlOpsSigningTimestamper empty to sign without a timestamp.",
                project.Path, project.LineOf("MlOpsSigningTimestamper") ?? line);
        }
        catch (SignatureException e)
        {
            throw new MlOpsException(ErrorCodes.SigningRefused,
                $"NuGet refused to sign with the certificate {subject}: {e.Code}: {FirstLine(e.Message)}{nugetLog.Errors} A signing certificate needs the code-signing EKU, a private key, a current validity period and an RSA key of 2048 bits or more; one that is a CA (as `openssl req -x509` makes by default) also needs keyUsage keyCertSign.",
                project.Path, line);
        }
        finally
        {
            File.Delete(signed);
        }
        log.WriteLine($"MlOps: signed the model package with {subject} (SHA-256 fingerprint {fingerprint}){(timestamper is null ? ", no timestamp" : $", timestamped by {timestamper}")}.");
    }

    private static X509Certificate2 LoadCertificate(string projectFile, int? line)
    {
        var path = Environment.GetEnvironmentVariable(CertificateVariable) is { Length: > 0 } p ? p : null;
        var base64 = Environment.GetEnvironmentVariable(CertificateBase64Variable) is { Length: > 0 } b ? b : null;
        var password = Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } w ? w : null;
        if (path is null && base64 is null)
            throw new MlOpsException(ErrorCodes.SigningNoCertificate,
                $"MlOpsSignPackage=true but no certificate is given: set {CertificateVariable} to a .pfx/.p12 or PEM file, or {CertificateBase64Variable} to a base64 .pfx, in the environment (and {PasswordVariable} if it has a password).", projectFile, line);
        var source = path is not null ? $"{CertificateVariable} ({path})" : CertificateBase64Variable;
        try
        {
            if (path is null) return X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64!), password);
            var text = File.ReadAllBytes(path);
            if (!text.AsSpan().StartsWith("-----"u8)) return X509CertificateLoader.LoadPkcs12(text, password);
            var pem = System.Text.Encoding.ASCII.GetString(text);
            return password is null ? X509Certificate2.CreateFromPem(pem, pem) : X509Certificate2.CreateFromEncryptedPem(pem, pem, password);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The message names the source and the exception's reason, never the password.
            throw new MlOpsException(ErrorCodes.SigningCertificateUnreadable,
                $"The signing certificate in {source} cannot be read: {FirstLine(e.Message)} It must be a .pfx/.p12 (or a PEM file with the certificate and its private key); a wrong or missing {PasswordVariable} reads as this too.", projectFile, line);
        }
    }

    /// <summary>The timestamper could not be reached or did not answer (NuGet may wrap the HTTP failure).</summary>
    private static bool Unreached(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException or TimestampException) return true;
        return false;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>NuGet's signing log: coded messages only, one line each (its chain warnings carry the whole PEM).</summary>
    private sealed class SigningLog(TextWriter writer) : LoggerBase(LogLevel.Warning)
    {
        private readonly List<string> _errors = [];
        public string Errors => _errors.Count == 0 ? "" : " (" + string.Join("; ", _errors) + ")";

        public override void Log(ILogMessage message)
        {
            if (message.Level < LogLevel.Warning || message.Code == NuGetLogCode.Undefined) return;
            var text = $"{message.Code}: {FirstLine(message.Message)}";
            if (message.Level >= LogLevel.Error) _errors.Add(text);
            else writer.WriteLine($"MlOps: signing: {text}");
        }

        public override Task LogAsync(ILogMessage message)
        {
            Log(message);
            return Task.CompletedTask;
        }
    }
}
