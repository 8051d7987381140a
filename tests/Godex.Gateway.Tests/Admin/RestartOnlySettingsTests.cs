using Godex.Gateway.Admin;
using Godex.Gateway.Configuration;
using Godex.Gateway.Tests.Configuration;

namespace Godex.Gateway.Tests.Admin;

/// <summary>A reload applies routing and providers; what the process was built with is named as waiting for a restart.</summary>
public sealed class RestartOnlySettingsTests
{
    private const string Base = """
        keys: [ "sk-client-one" ]
        providers: { mock: { type: mock } }
        """;

    [Fact]
    public void Routing_and_provider_changes_need_no_restart()
    {
        var changed = RestartOnlySettings.Changed(Options(Base), Options(Base + "\nrouting: { aliases: { fast: mock/mock } }\n"));

        Assert.Empty(changed);
    }

    [Fact]
    public void Listen_keys_storage_and_tracing_changes_are_named_without_their_values()
    {
        var changed = RestartOnlySettings.Changed(Options(Base), Options("""
            listen: 127.0.0.1:40000
            keys: [ "sk-client-two" ]
            providers: { mock: { type: mock } }
            storage: { path: /tmp/other.db }
            trace: { capture_payload: true }
            """));

        Assert.Equal(["listen", "keys", "storage", "trace"], changed);
    }

    private static ServeOptions Options(string yaml) =>
        ServeOptionsResolver.Resolve(new ServeFlags(), Yaml.Load(yaml), _ => null);
}
