using System.Numerics;
using System.Text;

namespace Godex.Gateway.Security.Keys;

/// <summary>Base62 (0-9, A-Z, a-z): key secrets that survive copy-paste, URLs and shells unquoted.</summary>
public static class Base62
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        // Leading zero bytes are kept as '0's, so the encoding round-trips exactly.
        var zeros = 0;
        while (zeros < bytes.Length && bytes[zeros] == 0)
        {
            zeros++;
        }

        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var text = new StringBuilder();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 62, out var digit);
            text.Insert(0, Alphabet[(int)digit]);
        }

        return new string('0', zeros) + text;
    }

    public static byte[] Decode(string text)
    {
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '0')
        {
            zeros++;
        }

        BigInteger value = 0;
        foreach (var c in text.AsSpan(zeros))
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                throw new FormatException($"'{c}' is not a base62 digit.");
            }

            value = (value * 62) + digit;
        }

        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[zeros], .. body];
    }
}
