using System.Globalization;

namespace Godex.Gateway.Common;

/// <summary>Durations as people type them: `90s`, `30m`, `6h`, `2d`, a number of seconds, or `hh:mm:ss`.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        duration = default;
        if (text.Length == 0)
        {
            return false;
        }

        var unit = text[^1];
        var scale = unit switch
        {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86400.0,
            _ => 0.0,
        };
        var number = scale == 0 ? text : text[..^1];
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            var seconds = value * (scale == 0 ? 1 : scale);
            if (seconds >= TimeSpan.MaxValue.TotalSeconds)
            {
                return false; // past what a TimeSpan holds (about 29,000 years): a typo, not a setting
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
