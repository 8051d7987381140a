namespace Godex.Gateway.Routing;

/// <summary>Model name patterns: `*` matches any run of characters; a pattern without `*` is a prefix.</summary>
public static class ModelPattern
{
    public static bool Matches(string pattern, string model)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return model.StartsWith(pattern, StringComparison.Ordinal);
        }

        return Glob(pattern.AsSpan(), model.AsSpan());
    }

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (pattern.Length > 0)
        {
            if (pattern[0] == '*')
            {
                var rest = pattern[1..];
                for (var i = 0; i <= text.Length; i++)
                {
                    if (Glob(rest, text[i..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (text.Length == 0 || text[0] != pattern[0])
            {
                return false;
            }

            pattern = pattern[1..];
            text = text[1..];
        }

        return text.Length == 0;
    }
}
