using System.Text.Json;

using Godex.Gateway.Providers.Mock;
using Godex.Wire;

using static Godex.Gateway.Tests.Providers.MockRequests;

namespace Godex.Gateway.Tests.Providers;

public sealed class MockProviderTests
{
    private readonly MockProvider _mock = Provider();

    [Fact]
    public async Task Mock_answers_text_that_echoes_the_prompt()
    {
        var response = await _mock.CompleteAsync(Ask("mock", "Hello there, mock!"), CancellationToken.None);

        var text = Assert.IsType<TextPart>(Assert.Single(response.Parts)).Text;
        Assert.Contains("Hello there, mock!", text, StringComparison.Ordinal);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
        Assert.Equal("mock", response.Model);
        Assert.Equal(Now, response.Created);
    }

    [Fact]
    public async Task Same_request_gets_the_same_id_and_text()
    {
        var first = await _mock.CompleteAsync(Ask("mock", "same question"), CancellationToken.None);
        var second = await Provider().CompleteAsync(Ask("mock", "same question"), CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        Assert.StartsWith("chatcmpl-mock-", first.Id, StringComparison.Ordinal);
        Assert.Equal(first.JoinedText(), second.JoinedText());
    }

    [Fact]
    public async Task Different_prompt_gets_a_different_id()
    {
        var first = await _mock.CompleteAsync(Ask("mock", "question one"), CancellationToken.None);
        var second = await _mock.CompleteAsync(Ask("mock", "question two"), CancellationToken.None);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Usage_counts_input_and_output()
    {
        var response = await _mock.CompleteAsync(Ask("mock", "count my tokens please"), CancellationToken.None);

        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokens > 0);
        Assert.True(response.Usage.OutputTokens > 0);
        Assert.Equal(MockScript.Tokens(response.JoinedText()), response.Usage.OutputTokens);
    }

    [Fact]
    public async Task Mock_call_in_the_prompt_calls_that_tool_with_those_arguments()
    {
        var response = await _mock.CompleteAsync(Ask("mock", """please mock:call get_weather {"city":"Paris","days":2}"""), CancellationToken.None);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("""{"city":"Paris","days":2}""", call.ArgumentsJson);
        Assert.Equal("call_mock_0_0", call.Id);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Mock_call_without_valid_json_calls_the_tool_with_empty_arguments()
    {
        var response = await _mock.CompleteAsync(Ask("mock", "mock:call ping {not json}"), CancellationToken.None);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("ping", call.Name);
        Assert.Equal("{}", call.ArgumentsJson);
    }

    [Fact]
    public async Task Mock_tool_call_calls_the_first_tool_with_arguments_from_the_prompt()
    {
        var response = await _mock.CompleteAsync(Ask("mock-tool-call", "What is add(a=2,b=3)?", "add", "subtract"), CancellationToken.None);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("add", call.Name);
        Assert.Equal("""{"a":2,"b":3}""", call.ArgumentsJson);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Mock_tool_call_arguments_keep_strings_and_booleans()
    {
        var response = await _mock.CompleteAsync(Ask("mock-tool-call", "lookup(city=\"Paris\", exact=true, days=1.5)", "lookup"), CancellationToken.None);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("""{"city":"Paris","exact":true,"days":1.5}""", call.ArgumentsJson);
    }

    [Fact]
    public async Task Mock_tool_call_keeps_non_finite_numbers_as_text()
    {
        var response = await _mock.CompleteAsync(Ask("mock-tool-call", "add(a=NaN, b=1e999)", "add"), CancellationToken.None);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("""{"a":"NaN","b":"1e999"}""", call.ArgumentsJson);
    }

    [Fact]
    public async Task Mock_tool_call_without_tools_explains_in_text()
    {
        var response = await _mock.CompleteAsync(Ask("mock-tool-call", "add(a=2,b=3)"), CancellationToken.None);

        Assert.Contains("needs at least one tool", response.JoinedText(), StringComparison.Ordinal);
        Assert.Equal(FinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Mock_tool_loop_answers_with_the_tool_result_once_it_comes_back()
    {
        var ask = Ask("mock-tool-loop", "What is add(a=2,b=3)?", "add");
        var first = await _mock.CompleteAsync(ask, CancellationToken.None);
        var call = Assert.IsType<ToolCallPart>(Assert.Single(first.Parts));

        var second = await _mock.CompleteAsync(AfterToolResult(ask, call, "5"), CancellationToken.None);

        var text = Assert.IsType<TextPart>(Assert.Single(second.Parts)).Text;
        Assert.Equal("The tool add returned: 5", text);
        Assert.Equal(FinishReason.Stop, second.FinishReason);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Tool_call_ids_differ_from_turn_to_turn()
    {
        var ask = Ask("mock-tool-call", "add(a=1,b=1)", "add");
        var first = (ToolCallPart)(await _mock.CompleteAsync(ask, CancellationToken.None)).Parts[0];

        var second = (ToolCallPart)(await _mock.CompleteAsync(AfterToolResult(ask, first, "2"), CancellationToken.None)).Parts[0];

        Assert.Equal("call_mock_0_0", first.Id);
        Assert.Equal("call_mock_1_0", second.Id);
    }

    [Fact]
    public async Task Mock_error_throws_a_500()
    {
        var error = (await Assert.ThrowsAsync<GodexException>(() => _mock.CompleteAsync(Ask("mock-error", "fail"), CancellationToken.None))).Error;

        Assert.Equal(500, error.Status);
        Assert.Equal("provider.mock_error", error.Code);
    }

    [Fact]
    public async Task Unknown_model_on_the_mock_is_404()
    {
        var error = (await Assert.ThrowsAsync<GodexException>(() => _mock.CompleteAsync(Ask("gpt-5", "hi"), CancellationToken.None))).Error;

        Assert.Equal(404, error.Status);
        Assert.Equal("routing.model_not_found", error.Code);
        Assert.Contains("mock-tool-loop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mock_serves_its_four_models_and_nothing_else()
    {
        Assert.Equal(["mock", "mock-tool-call", "mock-tool-loop", "mock-error"], _mock.Models);
        Assert.False(_mock.ServesAnyModel);
        Assert.Equal("mock", _mock.Type);
    }

    [Fact]
    public async Task Tool_call_arguments_are_valid_json()
    {
        var response = await _mock.CompleteAsync(Ask("mock-tool-call", "add(a=2, b=x)", "add"), CancellationToken.None);

        using var document = JsonDocument.Parse(((ToolCallPart)response.Parts[0]).ArgumentsJson);
        Assert.Equal("x", document.RootElement.GetProperty("b").GetString());
    }
}
