using System.IO.Compression;

using Godex.Wire;

using Microsoft.Extensions.Primitives;

namespace Godex.Gateway.FrontDoors;

/// <summary>
/// A request body's `Content-Encoding`, undone as it is read: gzip, deflate (zlib, as RFC 9110 defines
/// it), br and zstd (Codex compresses large Responses bodies with zstd), in reverse order when several
/// are listed. The inflated bytes are counted against limits.max_body_bytes as they come, so a
/// compression bomb costs at most that much memory. Anything else is a 415 naming what is accepted.
/// </summary>
public static class RequestEncoding
{
    public const string Accepted = "gzip, deflate, br, zstd";

    /// <summary>zstd frames may ask for a window of up to 2 GiB; 8 MiB is what level 19 uses and Codex's level 3 needs far less.</summary>
    private const int MaxZstdWindowLog = 23;

    /// <summary>The body to read: <paramref name="body"/> itself when it is not encoded.</summary>
    public static Stream Decode(StringValues contentEncoding, Stream body, long maxBodyBytes)
    {
        var codings = Codings(contentEncoding);
        if (codings.Count == 0)
        {
            return body;
        }

        var decoders = new List<Stream>(codings.Count);
        var decoded = body;
        for (var i = codings.Count - 1; i >= 0; i--)
        {
            decoded = codings[i] switch
            {
                "gzip" or "x-gzip" => new GZipStream(decoded, CompressionMode.Decompress, leaveOpen: true),
                "deflate" => new ZLibStream(decoded, CompressionMode.Decompress, leaveOpen: true),
                "br" => new BrotliStream(decoded, CompressionMode.Decompress, leaveOpen: true),
                "zstd" => Zstd(decoded),
                var other => throw new GodexException(new GodexError(415, "request.unsupported_encoding",
                    $"The request body's Content-Encoding '{other}' is not supported; send it uncompressed or as one of {Accepted}.")),
            };
            decoders.Add(decoded);
        }

        return new InflatedBodyStream(decoded, decoders, string.Join(", ", codings), maxBodyBytes);
    }

    /// <summary>The codings in the order they were applied; `identity` is no coding.</summary>
    private static List<string> Codings(StringValues contentEncoding)
    {
        var codings = new List<string>();
        foreach (var value in contentEncoding)
        {
            foreach (var coding in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var name = coding.ToLowerInvariant();
                if (name != "identity")
                {
                    codings.Add(name);
                }
            }
        }

        return codings;
    }

    private static ZstdSharp.DecompressionStream Zstd(Stream inner)
    {
        var stream = new ZstdSharp.DecompressionStream(inner, leaveOpen: true);
        stream.SetParameter(ZstdSharp.Unsafe.ZSTD_dParameter.ZSTD_d_windowLogMax, MaxZstdWindowLog);
        return stream;
    }
}
