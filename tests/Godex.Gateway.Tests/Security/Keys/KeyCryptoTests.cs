using System.Security.Cryptography;

using Godex.Gateway.Security.Keys;

namespace Godex.Gateway.Tests.Security.Keys;

public sealed class KeyCryptoTests
{
    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0, 0, 1 })]
    [InlineData(new byte[] { 255, 255, 255, 255 })]
    [InlineData(new byte[] { 61 })]
    [InlineData(new byte[] { 62 })]
    public void Base62_round_trips_exactly_leading_zeros_included(byte[] bytes) =>
        Assert.Equal(bytes, Base62.Decode(Base62.Encode(bytes)));

    [Fact]
    public void Base62_uses_only_letters_and_digits_and_known_values()
    {
        Assert.Equal("Z", Base62.Encode([35]));
        Assert.Equal("10", Base62.Encode([62]));
        for (var i = 0; i < 200; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(32);
            var text = Base62.Encode(bytes);
            Assert.Matches("^[0-9A-Za-z]+$", text);
            Assert.Equal(bytes, Base62.Decode(text));
        }
    }

    [Fact]
    public void Base62_rejects_other_characters() => Assert.Throws<FormatException>(() => Base62.Decode("ab-c"));

    [Fact]
    public void Digest_is_an_hmac_that_depends_on_the_server_secret()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        var one = new KeySecret(bytes);
        var same = new KeySecret(bytes);
        var other = new KeySecret(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(one.Digest("gxk_abc_secret"), same.Digest("gxk_abc_secret"));
        Assert.NotEqual(one.Digest("gxk_abc_secret"), other.Digest("gxk_abc_secret"));
        Assert.NotEqual(one.Digest("gxk_abc_secret"), one.Digest("gxk_abc_secreT"));
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData("gxk_abc_secret"u8)), one.Digest("gxk_abc_secret"));
        Assert.Equal(64, one.Digest("x").Length);
    }

    [Fact]
    public void Sealed_upstream_keys_open_only_with_the_same_secret_and_context()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        var secret = new KeySecret(bytes);
        var sealedKey = secret.Seal("sk-upstream-123", "gxk_a/openai");

        Assert.DoesNotContain("sk-upstream", sealedKey, StringComparison.Ordinal);
        Assert.NotEqual(sealedKey, secret.Seal("sk-upstream-123", "gxk_a/openai")); // a fresh nonce each time
        Assert.Equal("sk-upstream-123", new KeySecret(bytes).Open(sealedKey, "gxk_a/openai"));
        Assert.ThrowsAny<CryptographicException>(() => secret.Open(sealedKey, "gxk_b/openai"));
        Assert.ThrowsAny<CryptographicException>(() => new KeySecret(RandomNumberGenerator.GetBytes(32)).Open(sealedKey, "gxk_a/openai"));

        var tampered = Convert.FromBase64String(sealedKey);
        tampered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => secret.Open(Convert.ToBase64String(tampered), "gxk_a/openai"));
    }

    [Fact]
    public void The_secret_file_is_created_once_with_mode_0600_and_reused()
    {
        var folder = Path.Combine(Path.GetTempPath(), "godex-unit-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var first = KeySecret.Load(folder, _ => null);
            var second = KeySecret.Load(folder, _ => null);

            Assert.Equal(first.Digest("k"), second.Digest("k"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, KeySecret.FileName)));
            }

            var fromEnvironment = KeySecret.Load(folder, name => name == KeySecret.EnvironmentVariable ? Convert.ToBase64String(new byte[32]) : null);
            Assert.NotEqual(first.Digest("k"), fromEnvironment.Digest("k"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("gpt-*", "gpt-4o", true)]
    [InlineData("gpt-*", "claude-3", false)]
    [InlineData("gpt-4o", "gpt-4o-mini", false)]
    [InlineData("ds/*", "ds/chat", true)]
    public void Globs_match_whole_names(string glob, string name, bool allowed) =>
        Assert.Equal(allowed, KeyManager.Allows([glob], name));
}
