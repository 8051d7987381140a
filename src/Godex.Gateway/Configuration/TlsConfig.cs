using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Godex.Gateway.Configuration;

/// <summary>`tls: { cert, key }`: PEM files Kestrel serves HTTPS with (the certificate file may hold the chain).</summary>
public sealed record TlsConfig(string CertPath, string KeyPath)
{
    /// <summary>The certificate with its private key; a file that is missing, unreadable or not PEM is a <see cref="ConfigException"/> naming it.</summary>
    public X509Certificate2 Load()
    {
        foreach (var (key, path) in new[] { ("tls.cert", CertPath), ("tls.key", KeyPath) })
        {
            try
            {
                using var _ = File.OpenRead(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"{key}: cannot read {path}: {exception.Message}");
            }
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(CertPath, KeyPath);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new ConfigException($"tls.key: {KeyPath} holds no private key for the certificate in {CertPath}.");
            }

            return certificate;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            throw new ConfigException($"tls: {CertPath} and {KeyPath} are not a PEM certificate and its unencrypted private key: {exception.Message}");
        }
    }
}
