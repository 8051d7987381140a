using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Hardening;

/// <summary>
/// Request bodies with a Content-Encoding (Codex sends zstd; other SDKs gzip): each coding is undone,
/// the inflated size is held to limits.max_body_bytes as it inflates (a bomb is a 413 in the client's
/// shape, never memory), an unknown coding is a 415 and corrupt data a 400.
/// </summary>
public sealed class CompressedRequestBodiesEndToEndTests : IAsyncLifetime
{
    private const string Chat = """{"model":"mock","messages":[{"role":"user","content":"compressed hello"}]}""";

    private GodexHost _godex = null!;

    public async Task InitializeAsync() => _godex = await GodexHost.StartAsync("""
        providers:
          mock: { type: mock }
        limits:
          max_body_bytes: 1MiB
        """);

    public async Task DisposeAsync() => await _godex.DisposeAsync();

    [Theory]
    [InlineData("gzip")]
    [InlineData("x-gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    [InlineData("zstd")]
    [InlineData("identity")]
    [InlineData("gzip, br")]
    [InlineData("ZSTD")]
    public async Task A_compressed_chat_request_is_answered(string encoding)
    {
        var response = await PostAsync("/v1/chat/completions", Encode(Encoding.UTF8.GetBytes(Chat), encoding), encoding);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("assistant", (string?)JsonNode.Parse(text)!["choices"]![0]!["message"]!["role"]);
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("responses")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task Each_protocol_reads_a_zstd_body(string protocol)
    {
        var body = Encoding.UTF8.GetBytes(RequestBodies.Build(protocol, tools: 1, messages: 1));

        var response = await PostAsync(RequestBodies.Path(protocol), Encode(body, "zstd"), "zstd");

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("chat", "gzip")]
    [InlineData("responses", "zstd")]
    [InlineData("anthropic", "br")]
    [InlineData("gemini", "deflate")]
    public async Task A_compression_bomb_is_the_protocols_413_naming_max_body_bytes(string protocol, string encoding)
    {
        // 16 MiB of JSON whitespace inside a valid body: tiny on the wire, sixteen times the limit inflated.
        var response = await PostAsync(RequestBodies.Path(protocol), Encode(Padded(RequestBodies.Build(protocol, tools: 0, messages: 1), 16 << 20), encoding), encoding);

        var message = await ProtocolErrors.AssertAsync(protocol, response, 413);
        Assert.Contains("inflates to more than 1 MiB", message, StringComparison.Ordinal);
        Assert.Contains("limits.max_body_bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quarter_gigabyte_zstd_bomb_is_refused_without_inflating_it()
    {
        var bomb = Encode(Padded(Chat, 256 << 20), "zstd");
        Assert.True(bomb.Length < 1 << 20, $"the bomb itself fits under the wire limit ({bomb.Length} bytes)");
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var response = await PostAsync("/v1/chat/completions", bomb, "zstd");

        await ProtocolErrors.AssertAsync("chat", response, 413);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < 96L << 20, $"inflating stopped at the limit, but the process allocated {allocated >> 20} MiB meanwhile");
    }

    [Fact]
    public async Task A_body_within_the_limit_inflated_is_answered()
    {
        var response = await PostAsync("/v1/chat/completions", Encode(Padded(Chat, 900 * 1024), "gzip"), "gzip");

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("responses")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task An_unknown_content_encoding_is_the_protocols_415_saying_what_is_accepted(string protocol)
    {
        var body = Encoding.UTF8.GetBytes(RequestBodies.Build(protocol, tools: 0, messages: 1));

        var response = await PostAsync(RequestBodies.Path(protocol), body, "compress");

        var message = await ProtocolErrors.AssertAsync(protocol, response, 415);
        Assert.Contains("'compress' is not supported", message, StringComparison.Ordinal);
        Assert.Contains("gzip, deflate, br, zstd", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat", "gzip")]
    [InlineData("responses", "zstd")]
    [InlineData("anthropic", "br")]
    [InlineData("gemini", "deflate")]
    public async Task A_body_that_is_not_its_encoding_is_the_protocols_400(string protocol, string encoding)
    {
        var body = Encoding.UTF8.GetBytes(RequestBodies.Build(protocol, tools: 0, messages: 1));

        var response = await PostAsync(RequestBodies.Path(protocol), body, encoding);

        var message = await ProtocolErrors.AssertAsync(protocol, response, 400);
        Assert.Contains($"not valid {encoding} data", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat", "gzip")]
    [InlineData("responses", "zstd")]
    [InlineData("anthropic", "br")]
    [InlineData("gemini", "deflate")]
    public async Task A_compressed_body_cut_short_is_the_protocols_400(string protocol, string encoding)
    {
        // zstd notices the frame is cut; gzip, deflate and brotli just end early, and the JSON is then incomplete.
        var whole = Encode(Padded(RequestBodies.Build(protocol, tools: 0, messages: 1), 4096), encoding);

        var response = await PostAsync(RequestBodies.Path(protocol), whole[..(whole.Length / 2)], encoding);

        await ProtocolErrors.AssertAsync(protocol, response, 400);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string encoding)
    {
        var content = RequestBodies.Json(body);
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        return await _godex.Http.PostAsync(path, content);
    }

    /// <summary>The body with <paramref name="spaces"/> spaces before its closing brace (still the same JSON), as bytes.</summary>
    private static byte[] Padded(string json, int spaces)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(json) + spaces];
        var written = Encoding.UTF8.GetBytes(json.AsSpan(0, json.Length - 1), bytes);
        bytes.AsSpan(written, spaces).Fill((byte)' ');
        bytes[^1] = (byte)'}';
        return bytes;
    }

    /// <summary>The bytes as a client would send them under that Content-Encoding (codings applied left to right).</summary>
    private static byte[] Encode(byte[] body, string encoding)
    {
        foreach (var coding in encoding.Split(',', StringSplitOptions.TrimEntries).Select(coding => coding.ToLowerInvariant()))
        {
            using var output = new MemoryStream();
            using (Stream encoder = coding switch
            {
                "gzip" or "x-gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
                "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
                "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
                "zstd" => new ZstdSharp.CompressionStream(output, level: 3, leaveOpen: true),
                "identity" => new NonClosing(output),
                _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
            })
            {
                encoder.Write(body);
            }

            body = output.ToArray();
        }

        return body;
    }

    /// <summary>Writes straight through (the identity coding) without closing the output.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
