namespace Godex.Gateway.Telemetry;

/// <summary>
/// Label values as the Prometheus exposition can carry them. OpenTelemetry's exporter escapes the
/// backslash, the double quote and the line feed, but writes every other character as it is, so a
/// NUL or a carriage return from an upstream's model list would reach the scrape: those become U+FFFD
/// here, as do lone UTF-16 surrogates (not encodable as UTF-8).
/// </summary>
public static class LabelValues
{
    /// <summary>The longest label value kept; a longer name is no name an operator will chart.</summary>
    public const int MaxLength = 200;

    /// <summary><paramref name="value"/> itself when it is clean (the usual case, no copy), else a cleaned copy.</summary>
    public static string Clean(string value)
    {
        var first = FirstUnsafe(value);
        if (first < 0)
        {
            return value;
        }

        return string.Create(value.Length, (value, first), static (span, state) =>
        {
            state.value.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
            {
                if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                }
                else if (Unsafe(span[i]))
                {
                    span[i] = '\uFFFD';
                }
            }
        });
    }

    private static int FirstUnsafe(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (Unsafe(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Unsafe(char c) => char.IsControl(c) || char.IsSurrogate(c);
}
