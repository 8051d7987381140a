using Godex.Gateway.Configuration;
using Godex.Gateway.Telemetry;
using Godex.Gateway.Tests.Configuration;
using Godex.Gateway.Tests.Routing;

namespace Godex.Gateway.Tests.Telemetry;

public sealed class ModelLabelsTests
{
    private static ModelLabels Labels(string yaml, string? defaultModel = null) =>
        new(Routers.Live(Yaml.Load(yaml), new ServeOptions { DefaultModel = defaultModel }));

    private const string Config = """
        providers:
          mock: { type: mock }
          deep: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k, models: [ deepseek-chat ] }
        routing:
          patterns: { deep: [ "deepseek-*" ] }
          aliases: { fast: mock/mock, "*": deep/* }
        """;

    [Theory]
    [InlineData("deepseek-chat", "deepseek-chat")]
    [InlineData("deep/deepseek-chat", "deep/deepseek-chat")]
    [InlineData("mock", "mock")]
    [InlineData("mock/mock", "mock/mock")]
    [InlineData("fast", "fast")]
    [InlineData("house-default", "house-default")]
    [InlineData("deepseek-anything-a-client-sends", ModelLabels.Other)]
    [InlineData("deep/made-up", ModelLabels.Other)]
    [InlineData("*", ModelLabels.Other)]
    [InlineData("", ModelLabels.Other)]
    [InlineData(null, ModelLabels.None)]
    public void Only_names_the_gateway_knows_are_labels(string? requested, string expected)
    {
        Assert.Equal(expected, Labels(Config, defaultModel: "house-default").For(requested));
    }

    [Fact]
    public void Thousands_of_client_names_share_one_label()
    {
        var labels = Labels(Config);
        var seen = Enumerable.Range(0, 5000).Select(i => labels.For($"deepseek-{Guid.NewGuid():N}-{i}")).ToHashSet();

        Assert.Equal([ModelLabels.Other], seen);
    }

    [Theory]
    [InlineData("plain-model", "plain-model")]
    [InlineData("nul\0inside", "nul\uFFFDinside")]
    [InlineData("cr\rtab\tdel\u007f", "cr\uFFFDtab\uFFFDdel\uFFFD")]
    [InlineData("pair 😀 kept, quote \" and \\ left to the exporter", "pair 😀 kept, quote \" and \\ left to the exporter")]
    public void Label_values_lose_control_characters_and_lone_surrogates(string value, string expected)
    {
        Assert.Equal(expected, LabelValues.Clean(value));
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character()
    {
        Assert.Equal("lone \uFFFD surrogate, \uFFFD at the end \uFFFD", LabelValues.Clean("lone " + (char)0xD800 + " surrogate, " + (char)0xDC00 + " at the end " + (char)0xD83D));
    }

    [Fact]
    public void A_clean_value_is_returned_as_it_is()
    {
        var value = "gpt-4.1-mini";
        Assert.Same(value, LabelValues.Clean(value));
    }
}
