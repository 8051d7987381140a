using System.Text;

namespace Godex.Gateway.Configuration;

/// <summary>Expands `${VAR}` and `${VAR:-default}` in configuration values; `$$` writes a literal `$`.</summary>
public static class EnvInterpolation
{
    /// <summary>What stands for the braces of a `${VAR}` while the YAML is parsed (private-use characters, one each, so columns stay true).</summary>
    private const char Open = '\uE000';
    private const char Close = '\uE001';

    /// <summary>
    /// Hides the braces of each `${VAR}` from the YAML parser, which would read them as a flow mapping's
    /// own inside `{ api_key: ${KEY} }` and refuse the file; <see cref="Expand"/> puts them back.
    /// </summary>
    public static string ProtectForYaml(string yaml)
    {
        if (!yaml.Contains("${", StringComparison.Ordinal))
        {
            return yaml;
        }

        var text = yaml.ToCharArray();
        for (var i = yaml.IndexOf("${", StringComparison.Ordinal); i >= 0; i = yaml.IndexOf("${", i + 2, StringComparison.Ordinal))
        {
            var close = yaml.IndexOfAny(['}', '\n'], i + 2);
            if (close >= 0 && yaml[close] == '}')
            {
                text[i + 1] = Open;
                text[close] = Close;
            }
        }

        return new string(text);
    }

    /// <summary>Expands a value; the names of unset variables without a default are added to <paramref name="missing"/>.</summary>
    public static string Expand(string value, Func<string, string?> lookup, ICollection<string> missing)
    {
        if (value.Contains(Open, StringComparison.Ordinal))
        {
            value = value.Replace(Open, '{').Replace(Close, '}');
        }

        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }

            if (c == '$' && i + 1 < value.Length && value[i + 1] == '{')
            {
                var close = value.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new FormatException($"'${{' at position {i} has no closing '}}'.");
                }

                var body = value[(i + 2)..close];
                var separator = body.IndexOf(":-", StringComparison.Ordinal);
                var name = separator < 0 ? body : body[..separator];
                if (name.Length == 0)
                {
                    throw new FormatException($"'${{}}' at position {i} names no variable.");
                }

                var found = lookup(name);
                if (!string.IsNullOrEmpty(found))
                {
                    result.Append(found);
                }
                else if (separator >= 0)
                {
                    result.Append(body.AsSpan(separator + 2));
                }
                else
                {
                    missing.Add(name);
                }

                i = close + 1;
                continue;
            }

            result.Append(c);
            i++;
        }

        return result.ToString();
    }
}
