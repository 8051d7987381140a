using System.Text.Json.Nodes;

namespace Godex.EndToEnd.Tests.Infrastructure;

/// <summary>The error each protocol's SDK parses, asserted: the status, that protocol's JSON shape, no stack trace.</summary>
public static class ProtocolErrors
{
    /// <summary>Asserts the shape for <paramref name="protocol"/> (chat, responses, anthropic, gemini) and returns the message.</summary>
    public static async Task<string> AssertAsync(string protocol, HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!;
        var error = json["error"]!;
        switch (protocol)
        {
            case "anthropic":
                Assert.Equal("error", (string?)json["type"]);
                Assert.Equal(status == 413 ? "request_too_large" : "invalid_request_error", (string?)error["type"]);
                Assert.NotNull(response.Headers.GetValues("request-id").Single());
                break;
            case "gemini":
                Assert.Equal(status, (int?)error["code"]);
                Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
                break;
            default:
                Assert.Equal("invalid_request_error", (string?)error["type"]);
                Assert.NotNull((string?)error["code"]);
                break;
        }

        return (string?)error["message"] ?? "";
    }
}
