using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>A fresh self-signed certificate for 127.0.0.1 and localhost, written as PEM files into a scratch folder that disposing removes.</summary>
public sealed class SelfSignedCertificate : IDisposable
{
    private readonly DirectoryInfo _folder;

    public SelfSignedCertificate()
    {
        _folder = Directory.CreateTempSubdirectory("godex-tls-");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=godex-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        CertPath = Path.Combine(_folder.FullName, "cert.pem");
        KeyPath = Path.Combine(_folder.FullName, "key.pem");
        File.WriteAllText(CertPath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertPath { get; }

    public string KeyPath { get; }

    /// <summary>SHA-256 of the certificate, to pin it in a client.</summary>
    public string Thumbprint { get; }

    /// <summary>An HttpClient that trusts exactly this certificate, nothing else.</summary>
    public HttpClient PinnedClient(Uri baseUrl) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == Thumbprint },
    })
    { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _folder.Delete(recursive: true);
}
