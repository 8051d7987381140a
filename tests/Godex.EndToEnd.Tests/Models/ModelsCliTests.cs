using Godex.EndToEnd.Tests.Infrastructure;

using Microsoft.AspNetCore.Http;

namespace Godex.EndToEnd.Tests.Models;

/// <summary>`godex models`: each provider's models marked configured or discovered, failed discoveries and skipped providers with the reason.</summary>
public sealed class ModelsCliTests : IAsyncLifetime
{
    private readonly string _directory = GodexProcess.ScratchDirectory();
    private ScriptedUpstream _local = null!;
    private ScriptedUpstream _other = null!;

    public async Task InitializeAsync()
    {
        _local = await ScriptedUpstream.StartAsync();
        _other = await ScriptedUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _local.DisposeAsync();
        await _other.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Models_marks_configured_and_discovered_models_and_reports_failed_and_skipped_providers()
    {
        _local.ReplyJson(ModelLists.OpenAI("llama-3.3-70b", "qwen-2.5-coder"));
        _other.Responder = (received, http) =>
        {
            http.Response.StatusCode = received.Path == "/broken/models" ? 500 : 200;
            return http.Response.WriteAsync(received.Path == "/broken/models" ? """{"error":{"message":"model list unavailable","type":"server_error"}}""" : ModelLists.OpenAI("extra-model"));
        };
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), $$"""
            providers:
              local: { type: openai, base_url: "{{_local.ChatBaseUrl}}", models: [ llama-3.3-70b ] }
              other: { type: openai, base_url: "{{new Uri(_other.BaseUrl, "/other")}}" }
              broken: { type: openai, base_url: "{{new Uri(_other.BaseUrl, "/broken")}}", models: [ broken-model ] }
              quiet: { type: openai, base_url: "{{new Uri(_other.BaseUrl, "/quiet")}}", models: [ quiet-model ], discover_models: false }
              deepseek: { type: deepseek }
            routing: { default: local }
            """);

        var (exit, stdout, stderr) = await GodexProcess.RunAsync(_directory, null, "models");

        Assert.True(exit == 0, stderr);
        Assert.Matches(@"(?m)^local \(openai, openai\)\n  llama-3\.3-70b +configured, discovered\n  qwen-2\.5-coder +discovered\n", stdout.ReplaceLineEndings("\n"));
        Assert.Matches(@"(?m)^  extra-model +discovered \(send as other/extra-model\)$", stdout);
        Assert.Matches(@"(?m)^  broken-model +configured$", stdout);
        Assert.Contains("  discovery failed: 500 ", stdout, StringComparison.Ordinal);
        Assert.Contains("model list unavailable", stdout, StringComparison.Ordinal);
        Assert.Contains("  (discovery off: discover_models is false)", stdout, StringComparison.Ordinal);
        Assert.Contains("deepseek (deepseek): skipped, $DEEPSEEK_API_KEY is not set", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_other.Received, request => request.Path.StartsWith("/quiet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Models_without_discovery_asks_no_upstream()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "godex.yaml"), $$"""
            providers:
              local: { type: openai, base_url: "{{_local.ChatBaseUrl}}", models: [ llama-3.3-70b ] }
            """);

        var (exit, stdout, _) = await GodexProcess.RunAsync(_directory, null, "models", "--no-discovery");

        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^  llama-3\.3-70b +configured$", stdout);
        Assert.Contains("(discovery not asked: --no-discovery)", stdout, StringComparison.Ordinal);
        Assert.Empty(_local.Received);
    }
}
