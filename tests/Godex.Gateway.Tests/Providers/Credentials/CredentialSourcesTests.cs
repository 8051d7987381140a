using Godex.Gateway.Configuration;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Specs;

namespace Godex.Gateway.Tests.Providers.Credentials;

public sealed class CredentialSourcesTests
{
    [Theory]
    [InlineData("openai", AuthScheme.Bearer)]
    [InlineData("anthropic", AuthScheme.XApiKey)]
    [InlineData("gemini", AuthScheme.XGoogApiKey)]
    [InlineData("deepseek", AuthScheme.Bearer)]
    [InlineData("ollama", AuthScheme.Bearer)]
    [InlineData("vllm", AuthScheme.Bearer)]
    [InlineData("claude-code-cli", AuthScheme.Bearer)]
    public void A_key_is_sent_the_way_the_spec_says_and_a_preset_needing_none_sends_one_as_its_family_does(string type, AuthScheme scheme) =>
        Assert.Equal(scheme, CredentialSources.KeyScheme(BuiltInSpecs.For(type)));

    [Theory]
    [InlineData("anthropic", AuthScheme.XApiKey)]
    [InlineData("gemini", AuthScheme.XGoogApiKey)]
    [InlineData("openai", AuthScheme.Bearer)]
    public void A_keyless_spec_falls_back_to_its_familys_scheme(string family, AuthScheme scheme) =>
        Assert.Equal(scheme, CredentialSources.KeyScheme(new ProviderSpec { Name = "local", Family = family, Auth = AuthScheme.None }));

    [Fact]
    public async Task A_provider_without_a_login_gets_its_configured_key_in_its_scheme()
    {
        var source = CredentialSources.For(new ProviderConfig { Name = "claude", Type = "anthropic", ApiKey = "sk-ant" }, BuiltInSpecs.For("anthropic"), login: null);

        var credential = await source.GetAsync(null, CancellationToken.None);

        Assert.IsType<ApiKeyCredentials>(source);
        Assert.Equal(("sk-ant", AuthScheme.XApiKey), (credential!.AccessToken, credential.Scheme));
    }
}
