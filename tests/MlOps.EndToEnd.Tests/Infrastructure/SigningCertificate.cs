using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MlOps.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A self-made code-signing certificate, as a team without a CA would make one (docs/supply-chain.md): RSA 2048,
/// the code-signing EKU, and made as `openssl req -x509` makes one: a CA, so with keyCertSign, which NuGet requires of a CA.
/// Written as a password-protected .pfx; the password is returned for the environment only.
/// </summary>
public sealed record SigningCertificate(string PfxPath, string Password, string Sha256Fingerprint)
{
    public static SigningCertificate Create(string folder, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var path = Path.Combine(folder, "signing.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return new SigningCertificate(path, password, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }
}
