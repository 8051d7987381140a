namespace Godex.Testing;

/// <summary>
/// Splits a recorded Responses transcript holding several turns into one stream per response.created.
/// Linked into the end-to-end tests, which replay the same recordings.
/// </summary>
internal static class ResponsesTurns
{
    public static List<string> Split(string sse)
    {
        var text = sse.Replace("\r\n", "\n", StringComparison.Ordinal);
        var turns = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var next = text.IndexOf("event: response.created", start + 1, StringComparison.Ordinal);
            turns.Add(text[start..(next < 0 ? text.Length : next)]);
            start = next < 0 ? text.Length : next;
        }

        return turns;
    }
}
