using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Providers.Gemini;
using Godex.Gateway.Specs;
using Godex.Wire;

namespace Godex.EndToEnd.Tests.Gemini;

/// <summary>Where GeminiUpstream sends requests: the host root plus Google's path, as the official SDKs do.</summary>
public sealed class GeminiUpstreamRequestTests
{
    [Theory]
    [InlineData("https://generativelanguage.googleapis.com", false, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("https://generativelanguage.googleapis.com/", true, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData("https://proxy.example.com/google/v1beta", true, "https://proxy.example.com/google/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData("http://127.0.0.1:9000/v1", false, "http://127.0.0.1:9000/v1/models/gemini-2.5-flash:generateContent")]
    public async Task Requests_go_to_the_versioned_model_method_with_the_key_header(string baseUrl, bool stream, string expected)
    {
        var config = new ProviderConfig { Name = "google", Type = "gemini", BaseUrl = baseUrl, ApiKey = "AIza-key" };
        var upstream = new GeminiUpstream(config, TimeProvider.System);
        var credentials = CredentialSources.For(config, BuiltInSpecs.For("gemini"), login: null);

        using var request = upstream.CreateRequest(new ChatRequest { Model = "models/gemini-2.5-flash", Messages = [ChatMessage.Text(ChatRole.User, "hi")] }, stream);
        CredentialHeaders.Apply(request, (await credentials.GetAsync(call: null, CancellationToken.None))!);

        Assert.Equal(expected, request.RequestUri!.ToString());
        Assert.Equal("AIza-key", request.Headers.GetValues("x-goog-api-key").Single());
        Assert.False(request.Headers.Contains("Authorization"));
    }

    [Fact]
    public void Count_requests_go_to_count_tokens()
    {
        var upstream = new GeminiUpstream(new ProviderConfig { Name = "google", Type = "gemini", BaseUrl = "https://generativelanguage.googleapis.com" }, TimeProvider.System);

        using var request = upstream.CreateCountRequest(new ChatRequest { Model = "gemini-2.5-flash", Messages = [ChatMessage.Text(ChatRole.User, "hi")] })!;

        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens", request.RequestUri!.ToString());
        Assert.Equal(3, upstream.ReadCount("""{"totalTokens":3}"""u8));
        Assert.Equal(502, Assert.Throws<GodexException>(() => upstream.ReadCount("{}"u8)).Error.Status);
    }
}
