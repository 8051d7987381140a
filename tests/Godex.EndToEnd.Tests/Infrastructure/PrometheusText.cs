using System.Globalization;
using System.Text;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>One sample of a scrape: metric name, labels (unescaped) and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a comment
/// (`# HELP`, `# TYPE`, `# UNIT`, `# EOF`) or a sample `name{label="value",...} number [timestamp]`,
/// label values use only the three escapes the format has (\\, \", \n), and no control character but
/// the line feed ending each line appears anywhere. Anything else throws, naming the line.
/// </summary>
public static class PrometheusText
{
    public static List<PrometheusSample> Parse(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]) && text[i] != '\n')
            {
                throw new FormatException($"control character U+{(int)text[i]:X4} at offset {i}");
            }
        }

        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        var samples = new List<PrometheusSample>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            if (line.StartsWith('#'))
            {
                if (!(line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal)
                    || line.StartsWith("# UNIT ", StringComparison.Ordinal) || line == "# EOF"))
                {
                    throw new FormatException($"line {n + 1}: unknown comment: {line}");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            samples.Add(Sample(line, n + 1));
        }

        return samples;
    }

    private static PrometheusSample Sample(string line, int number)
    {
        var at = 0;
        while (at < line.Length && (char.IsAsciiLetterOrDigit(line[at]) || line[at] is '_' or ':'))
        {
            at++;
        }

        if (at == 0 || char.IsAsciiDigit(line[0]))
        {
            throw new FormatException($"line {number}: no metric name: {line}");
        }

        var name = line[..at];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (at < line.Length && line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var start = at;
                while (char.IsAsciiLetterOrDigit(line[at]) || line[at] == '_')
                {
                    at++;
                }

                var label = line[start..at];
                if (label.Length == 0 || line[at] != '=' || line[at + 1] != '"')
                {
                    throw new FormatException($"line {number}: bad label at {start}: {line}");
                }

                at += 2;
                var value = new StringBuilder();
                while (line[at] != '"')
                {
                    if (line[at] == '\\')
                    {
                        value.Append(line[at + 1] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"line {number}: escape \\{other} is not in the format: {line}"),
                        });
                        at += 2;
                    }
                    else
                    {
                        value.Append(line[at++]);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"line {number}: label {label} twice: {line}");
                }

                at++;
                if (line[at] == ',')
                {
                    at++;
                }
                else if (line[at] != '}')
                {
                    throw new FormatException($"line {number}: expected , or }} at {at}: {line}");
                }
            }

            at++;
        }

        var rest = line[at..].Split(' ');
        if (rest.Length is < 2 or > 3 || rest[0].Length != 0 || !TryNumber(rest[1], out var sampleValue) || (rest.Length == 3 && !long.TryParse(rest[2], CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"line {number}: expected ' value [timestamp]' after the labels: {line}");
        }

        return new PrometheusSample(name, labels, sampleValue);
    }

    private static bool TryNumber(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
