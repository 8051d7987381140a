using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Telemetry;

/// <summary>trace.capture_payload: off by default; when on, the request body is kept with credentials blanked.</summary>
public sealed class PayloadCaptureTests
{
    private const string Body = """{"model":"mock","messages":[{"role":"user","content":"capture me"}],"metadata":{"api_key":"sk-leaked","session_token":"tok-leaked"},"max_tokens":5}""";

    [Fact]
    public async Task Payload_is_not_captured_by_default()
    {
        await using var godex = await GodexHost.StartAsync();

        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Body));

        Assert.Null((await Traces.WaitForAsync(godex, Traces.RequestId(response))).RequestPayload);
    }

    [Fact]
    public async Task Captured_payload_has_its_credentials_redacted()
    {
        await using var godex = await GodexHost.StartAsync("""
            providers: { mock: { type: mock } }
            trace: { capture_payload: true }
            """);

        var response = await godex.Http.PostAsync("/v1/chat/completions", Sse.Json(Body));

        var payload = (await Traces.WaitForAsync(godex, Traces.RequestId(response))).RequestPayload;
        Assert.NotNull(payload);
        Assert.Contains("capture me", payload, StringComparison.Ordinal);
        Assert.Contains("\"max_tokens\":5", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-leaked", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-leaked", payload, StringComparison.Ordinal);
        Assert.Contains("<redacted>", payload, StringComparison.Ordinal);
    }
}
