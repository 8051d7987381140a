using System.Security.Cryptography;
using System.Text;

namespace Godex.Gateway.Security.Keys;

/// <summary>
/// The server secret behind the key store: stored keys are HMAC-SHA-256 digests under it (a stolen
/// database cannot be checked against guesses without it), and BYOK upstream keys are sealed with
/// AES-256-GCM under a key derived from it. It lives in `key-secret` beside the database (created
/// 0600), or comes from GODEX_KEY_SECRET (base64 or any text of 32+ characters).
/// </summary>
public sealed class KeySecret
{
    public const string EnvironmentVariable = "GODEX_KEY_SECRET";
    public const string FileName = "key-secret";

    private readonly byte[] _hmacKey;
    private readonly byte[] _sealKey;

    public KeySecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The key secret must have at least 32 bytes.", nameof(secret));
        }

        // Separate keys for separate jobs, so a digest never doubles as an encryption key.
        _hmacKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, info: "godex key digest"u8.ToArray());
        _sealKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, info: "godex byok seal"u8.ToArray());
    }

    /// <summary>GODEX_KEY_SECRET when set, else the file in <paramref name="folder"/>, created on first use.</summary>
    public static KeySecret Load(string folder, Func<string, string?> environment)
    {
        if (environment(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return new KeySecret(FromText(configured));
        }

        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var writer = new StreamWriter(new FileStream(path, options));
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (the server, the CLI) created it first: use theirs.
            }
        }

        return new KeySecret(FromText(File.ReadAllText(path).Trim()));
    }

    private static byte[] FromText(string text)
    {
        try
        {
            var decoded = Convert.FromBase64String(text);
            if (decoded.Length >= 32)
            {
                return decoded;
            }
        }
        catch (FormatException)
        {
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length >= 32 ? bytes : throw new InvalidOperationException($"{EnvironmentVariable} must be 32 bytes of base64 or at least 32 characters.");
    }

    /// <summary>The digest a key secret is stored and looked up by (hex).</summary>
    public string Digest(string presented)
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(_hmacKey, Encoding.UTF8.GetBytes(presented), digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>AES-GCM: base64 of nonce (12) + tag (16) + ciphertext; <paramref name="context"/> binds it to its key and provider.</summary>
    public string Seal(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[12 + 16 + plain.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_sealKey, 16);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), Encoding.UTF8.GetBytes(context));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The plaintext of <see cref="Seal"/>; throws when the secret or context differ (tampering, another server's secret).</summary>
    public string Open(string sealedText, string context)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        if (sealedBytes.Length < 28)
        {
            throw new CryptographicException("Sealed value is too short.");
        }

        var plain = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(_sealKey, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }
}
