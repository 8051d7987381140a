using System.Text;
using System.Text.Json;

using Godex.Gateway.Common;
using Godex.Wire.Json;

namespace Godex.Exec;

/// <summary>
/// `--log-requests FILE` / `--log-responses FILE`: the JSON sent upstream, and what came back (each
/// SSE event, or the whole body) as JSONL. Headers are never written, and a `key=` in a URL is
/// redacted, so the files hold no credentials.
/// </summary>
internal sealed class ExchangeLog(string? requestsFile, string? responsesFile) : DelegatingHandler
{
    private readonly Lock _gate = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (requestsFile is not null && request.Content is { } content)
        {
            var body = await content.ReadAsByteArrayAsync(cancellationToken);
            Append(requestsFile, json =>
            {
                json.WriteString("method", request.Method.Method);
                json.WriteString("url", Redact(request.RequestUri));
                WriteBody(json, body);
            });
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (responsesFile is not null)
        {
            var inner = await response.Content.ReadAsStreamAsync(cancellationToken);
            var tee = new StreamContent(new TeeStream(inner, line => LogLine(line, (int)response.StatusCode)));
            foreach (var header in response.Content.Headers)
            {
                tee.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = tee;
        }

        return response;
    }

    private static string Redact(Uri? uri)
    {
        if (uri is null)
        {
            return "";
        }

        var text = uri.ToString();
        var at = text.IndexOf("key=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return text;
        }

        var end = text.IndexOf('&', at);
        return text[..(at + 4)] + Godex.Gateway.Security.SecretText.Redacted + (end < 0 ? "" : text[end..]);
    }

    private static void WriteBody(Utf8JsonWriter json, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            json.WritePropertyName("body");
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteString("body", Encoding.UTF8.GetString(body));
        }
    }

    /// <summary>One response line: an SSE `data:` payload, or a line of a plain JSON body.</summary>
    private void LogLine(string line, int status)
    {
        var trimmed = line.TrimEnd('\r');
        if (trimmed.Length == 0 || trimmed.StartsWith(':') || trimmed.StartsWith("event:", StringComparison.Ordinal))
        {
            return;
        }

        var data = trimmed.StartsWith("data:", StringComparison.Ordinal) ? trimmed[5..].TrimStart() : trimmed;
        Append(responsesFile!, json =>
        {
            json.WriteNumber("status", status);
            WriteBody(json, Encoding.UTF8.GetBytes(data));
        });
    }

    private void Append(string file, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            body(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
            buffer.WriteTo(stream);
        }
    }

    /// <summary>Passes bytes through unchanged while handing each complete line to a callback.</summary>
    private sealed class TeeStream(Stream inner, Action<string> onLine) : ReadOnlyStream
    {
        private readonly List<byte> _line = [];

        public override int Read(byte[] buffer, int offset, int count) => Observe(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Observe(buffer.Span[..read]);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                if (_line.Count > 0)
                {
                    onLine(Encoding.UTF8.GetString([.. _line]));
                    _line.Clear();
                }

                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Observe(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if (b == (byte)'\n')
                {
                    onLine(Encoding.UTF8.GetString([.. _line]));
                    _line.Clear();
                }
                else
                {
                    _line.Add(b);
                }
            }

            return bytes.Length;
        }
    }
}
