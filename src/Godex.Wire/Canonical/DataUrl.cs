namespace Godex.Wire;

/// <summary>`data:` URLs: the way OpenAI protocols carry inline bytes that other protocols send as base64 fields.</summary>
public static class DataUrl
{
    public static string Encode(string mediaType, byte[] data) => $"data:{mediaType};base64,{Convert.ToBase64String(data)}";

    /// <summary>Decodes a base64 data URL; returns (null, null) for anything else.</summary>
    public static (byte[]? Data, string? MediaType) TryDecode(string url)
    {
        if (!url.StartsWith("data:", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? "" : url[5..comma];
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.Ordinal))
        {
            return (null, null);
        }

        try
        {
            return (Convert.FromBase64String(url[(comma + 1)..]), header[..^";base64".Length]);
        }
        catch (FormatException)
        {
            throw new GodexException(GodexError.BadRequest("A data: URL does not hold valid base64."));
        }
    }

    public static ImagePart ToImage(string url, string? detail)
    {
        var (data, mediaType) = TryDecode(url);
        return data is null
            ? new ImagePart { Url = url, Detail = detail }
            : new ImagePart { Data = data, MediaType = mediaType, Detail = detail };
    }

    public static string? UrlOf(ImagePart image) =>
        image.Url ?? (image.Data is null ? null : Encode(image.MediaType ?? "application/octet-stream", image.Data));
}
