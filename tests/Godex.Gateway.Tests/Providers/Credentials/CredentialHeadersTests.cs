using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Specs;

namespace Godex.Gateway.Tests.Providers.Credentials;

public sealed class CredentialHeadersTests
{
    [Theory]
    [InlineData(AuthScheme.Bearer, "Authorization", "Bearer sk-1")]
    [InlineData(AuthScheme.XApiKey, "x-api-key", "sk-1")]
    [InlineData(AuthScheme.XGoogApiKey, "x-goog-api-key", "sk-1")]
    public void A_credential_is_written_in_the_header_its_scheme_names(AuthScheme scheme, string header, string value)
    {
        using var message = Message();

        CredentialHeaders.Apply(message, new Credential("sk-1", null) { Scheme = scheme });

        var (name, values) = Assert.Single(message.Headers);
        Assert.Equal(header, name, ignoreCase: true);
        Assert.Equal(value, Assert.Single(values));
    }

    [Fact]
    public void A_credential_with_no_scheme_writes_no_header()
    {
        using var message = Message();

        CredentialHeaders.Apply(message, new Credential("sk-1", null) { Scheme = AuthScheme.None });

        Assert.Empty(message.Headers);
    }

    [Theory]
    [InlineData(AuthScheme.Bearer, "Authorization", "Token custom")]
    [InlineData(AuthScheme.XApiKey, "x-api-key", "configured")]
    public void A_key_gives_way_to_a_header_of_the_same_name_the_config_set(AuthScheme scheme, string header, string configured)
    {
        using var message = Message((header, configured));

        CredentialHeaders.Apply(message, new Credential("sk-1", null) { Scheme = scheme, GivesWayToConfiguredHeaders = true });

        Assert.Equal(configured, Assert.Single(message.Headers.GetValues(header)));
    }

    [Fact]
    public void A_login_token_replaces_a_header_of_the_same_name()
    {
        using var message = Message(("Authorization", "Token custom"));

        CredentialHeaders.Apply(message, new Credential("oauth-token", null));

        Assert.Equal("Bearer oauth-token", Assert.Single(message.Headers.GetValues("Authorization")));
    }

    [Fact]
    public void A_merged_header_joins_the_values_already_there_once()
    {
        using var message = Message(("anthropic-beta", "tools-1, files-2"));
        var credential = new Credential("t", null) { Headers = [new CredentialHeader("anthropic-beta", "oauth-3", Merge: true)] };

        CredentialHeaders.Apply(message, credential);
        Assert.Equal("oauth-3,tools-1,files-2", Assert.Single(message.Headers.GetValues("anthropic-beta")));

        CredentialHeaders.Apply(message, credential);
        Assert.Equal("oauth-3,tools-1,files-2", Assert.Single(message.Headers.GetValues("anthropic-beta")));
    }

    [Fact]
    public void A_header_that_is_not_merged_replaces_the_one_there()
    {
        using var message = Message(("chatgpt-account-id", "old"));

        CredentialHeaders.Apply(message, new Credential("t", null) { Headers = [new CredentialHeader("chatgpt-account-id", "acct-1")] });

        Assert.Equal("acct-1", Assert.Single(message.Headers.GetValues("chatgpt-account-id")));
    }

    private static HttpRequestMessage Message(params (string Name, string Value)[] configured)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/v1/chat/completions");
        foreach (var (name, value) in configured)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
