using System.Globalization;

namespace Godex.Wire;

/// <summary>
/// The waits upstreams name before they may be asked again, read once for every protocol: Go-style
/// durations (`1h2m3.5s`, `20ms`: OpenAI's `x-ratelimit-reset-*`, Google's `retryDelay` and
/// `quotaResetDelay`), and the `retry-after` value Godex carries them as (whole seconds, or an HTTP date
/// for a moment known only as a time).
/// </summary>
public static class WaitTime
{
    /// <summary>A Go-style duration of h, m, s and ms parts, or null when the text is anything else.</summary>
    public static TimeSpan? Duration(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        while (!text.IsEmpty)
        {
            var number = 0;
            while (number < text.Length && (char.IsAsciiDigit(text[number]) || text[number] == '.'))
            {
                number++;
            }

            if (number == 0 || !double.TryParse(text[..number], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            text = text[number..];
            if (text.StartsWith("ms"))
            {
                total += TimeSpan.FromMilliseconds(value);
                text = text[2..];
            }
            else if (text.Length > 0 && text[0] is 'h' or 'm' or 's')
            {
                total += text[0] switch { 'h' => TimeSpan.FromHours(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
                text = text[1..];
            }
            else
            {
                return null;
            }
        }

        return total;
    }

    /// <summary>A wait as `retry-after` seconds, rounded up so a client never comes back early.</summary>
    public static string Seconds(TimeSpan wait) => ((long)Math.Ceiling(Math.Max(wait.TotalSeconds, 0))).ToString(CultureInfo.InvariantCulture);

    /// <summary>A moment as a `retry-after` HTTP date (whole seconds, so rounded up).</summary>
    public static string Date(DateTimeOffset at) =>
        new DateTimeOffset((at.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).ToString("r", CultureInfo.InvariantCulture);
}
