using Godex.Gateway.Providers;
using Godex.Gateway.Providers.Credentials;
using Godex.Gateway.Specs;
using Godex.Wire;

namespace Godex.Gateway.Tests.Providers.Credentials;

public sealed class ApiKeyCredentialsTests
{
    private static readonly ProviderCall Call = new(new ChatRequest { Model = "m" });

    [Fact]
    public async Task The_clients_own_key_wins_over_the_configured_one()
    {
        var credentials = new ApiKeyCredentials("cloud", "sk-configured", AuthScheme.XApiKey);

        var credential = await credentials.GetAsync(Call with { ClientKey = "sk-client" }, CancellationToken.None);

        Assert.Equal("sk-client", credential!.AccessToken);
        Assert.Equal(AuthScheme.XApiKey, credential.Scheme);
        Assert.True(credential.GivesWayToConfiguredHeaders);
    }

    [Fact]
    public async Task Without_a_client_key_the_configured_key_is_sent_for_calls_and_for_Godexs_own_requests()
    {
        var credentials = new ApiKeyCredentials("cloud", "sk-configured", AuthScheme.Bearer);

        Assert.Equal("sk-configured", (await credentials.GetAsync(Call, CancellationToken.None))!.AccessToken);
        Assert.Equal("sk-configured", (await credentials.GetAsync(null, CancellationToken.None))!.AccessToken);
    }

    [Fact]
    public async Task A_client_key_is_sent_to_a_provider_configured_without_one()
    {
        var credentials = new ApiKeyCredentials("local", configuredKey: null, AuthScheme.Bearer);

        Assert.Equal("sk-client", (await credentials.GetAsync(Call with { ClientKey = "sk-client" }, CancellationToken.None))!.AccessToken);
    }

    [Fact]
    public async Task No_configured_key_and_no_client_key_sends_no_credential()
    {
        var credentials = new ApiKeyCredentials("local", configuredKey: null, AuthScheme.Bearer);

        Assert.Null(await credentials.GetAsync(Call, CancellationToken.None));
        Assert.Null(await credentials.GetAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_key_cannot_be_renewed()
    {
        var credentials = new ApiKeyCredentials("cloud", "sk-configured", AuthScheme.Bearer);
        var rejected = (await credentials.GetAsync(Call, CancellationToken.None))!;

        Assert.Null(await credentials.RenewAsync(rejected, new GodexError(401, "provider.unauthorized", "bad key"), CancellationToken.None));
    }

    [Fact]
    public async Task The_key_is_named_by_its_config_location_and_never_shown()
    {
        var credentials = new ApiKeyCredentials("cloud", "sk-secret-value", AuthScheme.Bearer);

        Assert.Equal("providers.cloud.api_key", credentials.Location);
        Assert.True(credentials.State.Available);
        Assert.DoesNotContain("sk-secret-value", (await credentials.GetAsync(Call, CancellationToken.None))!.ToString(), StringComparison.Ordinal);
    }
}
