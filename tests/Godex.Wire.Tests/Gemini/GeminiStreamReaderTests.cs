using System.Text.Json;

using Xunit;

namespace Godex.Wire.Tests.Gemini;

/// <summary>GeminiStreamReader on recorded `alt=sse` streams, on the JSON-array form, and on broken streams.</summary>
public class GeminiStreamReaderTests
{
    [Fact]
    public async Task Text_stream_yields_one_text_part_then_the_trailing_signature_usage_and_stop()
    {
        var events = await GeminiFixture.ReadStreamAsync("text.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        Assert.Equal("bH6LaZW8Fp_3nsEPqtaSwQ4", response.Id);
        Assert.Equal("gemini-3-pro-preview", response.Model);
        Assert.Equal(GeminiFixture.Now, response.Created);
        Assert.Equal(2, response.Parts.Count);
        Assert.Equal(new TextPart("There are **3** \"r\"s in strawberry.\n\nst**r**awbe**rr**y"), response.Parts[0]);
        var signature = Assert.IsType<ReasoningPart>(response.Parts[1]);
        Assert.Equal("", signature.Text);
        Assert.StartsWith("EqsFCqgFAb4+9vvtAF5n87lB4OGDOoTRMOqp35jW", signature.Signature, StringComparison.Ordinal);
        Assert.EndsWith("eWcow=", signature.Signature, StringComparison.Ordinal);
        Assert.Equal(FinishReason.Stop, response.FinishReason);

        // Thoughts count as output: candidates 23 + thoughts 185.
        Assert.Equal(new Usage { InputTokens = 9, OutputTokens = 208, ReasoningTokens = 185 }, response.Usage);
        Assert.Equal(217, response.Usage!.TotalTokens);
    }

    [Fact]
    public async Task Tool_call_stream_yields_a_whole_call_with_a_stable_made_up_id_and_its_signature()
    {
        var events = await GeminiFixture.ReadStreamAsync("tool-call.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        Assert.Single(events.OfType<ToolArgumentsDelta>());
        var response = Fixture.Fold(events);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Parts));
        Assert.Equal("weather", call.Name);
        Fixture.JsonEqual("""{"location":"San Francisco"}""", call.ArgumentsJson);
        Assert.StartsWith("EqUCCqICAb4+9vsh8Pd5taZVoPzSvjWWwz", call.Signature, StringComparison.Ordinal);
        Assert.StartsWith(Wire.Gemini.GeminiProtocol.SyntheticCallIdPrefix, call.Id, StringComparison.Ordinal);
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 29, OutputTokens = 60, ReasoningTokens = 45 }, response.Usage);

        var again = Fixture.Fold(await GeminiFixture.ReadStreamAsync("tool-call.sse"));
        Assert.Equal(call.Id, ((ToolCallPart)again.Parts[0]).Id);
    }

    [Fact]
    public async Task Reasoning_stream_joins_text_chunks_and_keeps_the_final_signature()
    {
        var response = Fixture.Fold(await GeminiFixture.ReadStreamAsync("reasoning.sse"));

        Assert.Equal("There are **3** \"r\"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.", response.JoinedText());
        Assert.StartsWith("Eo0HCooHAb4+9vutXdtKMt+r7Z3", Assert.IsType<ReasoningPart>(response.Parts[^1]).Signature, StringComparison.Ordinal);
        Assert.Equal(new Usage { InputTokens = 9, OutputTokens = 285, ReasoningTokens = 256 }, response.Usage);
    }

    [Fact]
    public async Task Vertex_streamed_arguments_are_assembled_into_whole_calls()
    {
        var events = await GeminiFixture.ReadStreamAsync("stream-no-args-tool-call.sse");
        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);

        var thought = Assert.IsType<ReasoningPart>(response.Parts[0]);
        Assert.StartsWith("**Processing User Requests**", thought.Text, StringComparison.Ordinal);
        var calls = response.Parts.OfType<ToolCallPart>().ToList();
        Assert.Equal(["read_theme", "read_screen", "read_screen", "read_screen"], calls.Select(static c => c.Name));
        Assert.Equal("{}", calls[0].ArgumentsJson);
        Assert.StartsWith("AY89a18a8/Loc2wl5oft", calls[0].Signature, StringComparison.Ordinal);
        Assert.Equal(["A", "B", "C"], calls.Skip(1).Select(static c => JsonDocument.Parse(c.ArgumentsJson).RootElement.GetProperty("id").GetString()));
        Assert.Equal(4, calls.Select(static c => c.Id).Distinct().Count());
        Assert.Equal(FinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(new Usage { InputTokens = 249, OutputTokens = 241, ReasoningTokens = 183 }, response.Usage);
    }

    [Fact]
    public async Task Nested_streamed_argument_paths_build_objects_and_arrays()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse(
            """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"cook","willContinue":true},"thoughtSignature":"sig"}]}}]}""",
            """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$.recipe.items[0].name","stringValue":"Lasa","willContinue":true}],"willContinue":true}}]}}]}""",
            """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$.recipe.items[0].name","stringValue":"gna"}],"willContinue":true}}]}}]}""",
            """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"partialArgs":[{"jsonPath":"$.recipe.items[1]['qty']","numberValue":2},{"jsonPath":"$.recipe.vegan","boolValue":false}],"willContinue":true}}]}}]}""",
            """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{}}]},"finishReason":"STOP"}]}"""));

        var call = Assert.IsType<ToolCallPart>(Assert.Single(Fixture.Fold(events).Parts));
        Fixture.JsonEqual("""{"recipe":{"items":[{"name":"Lasagna"},{"qty":2}],"vegan":false}}""", call.ArgumentsJson);
        Assert.Equal("sig", call.Signature);
    }

    [Fact]
    public async Task Json_array_form_reads_like_the_sse_form()
    {
        var chunks = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "gemini", "text.sse"))
            .Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(static frame => frame["data: ".Length..]);
        var array = "[" + string.Join("\n,\r\n", chunks) + "]";

        var fromArray = Fixture.Fold(await GeminiFixture.ReadTextAsync(array));
        var fromSse = Fixture.Fold(await GeminiFixture.ReadStreamAsync("text.sse"));

        Assert.Equal(fromSse.Parts, fromArray.Parts);
        Assert.Equal(fromSse.Usage, fromArray.Usage);
        Assert.Equal(fromSse.Id, fromArray.Id);
    }

    [Fact]
    public async Task Json_array_form_tolerates_brackets_and_quotes_inside_strings()
    {
        var events = await GeminiFixture.ReadTextAsync("""
            [{"candidates":[{"content":{"parts":[{"text":"a ] } [ \" {"}],"role":"model"}}]}
            ,
            {"candidates":[{"content":{"parts":[{"text":"b"}],"role":"model"},"finishReason":"MAX_TOKENS"}]}]
            """);

        var response = Fixture.Fold(events);
        Assert.Equal("a ] } [ \" {b", response.JoinedText());
        Assert.Equal(FinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Json_array_cut_before_its_end_fails_as_truncated()
    {
        var events = await GeminiFixture.ReadTextAsync("""[{"candidates":[{"content":{"parts":[{"text":"half"}],"role":"model"}}]}""");

        Assert.Equal("provider.stream_truncated", Assert.IsType<ResponseFailed>(events[^1]).Error.Code);
        Assert.Contains(events, static e => e is TextDelta { Text: "half" });
    }

    [Fact]
    public async Task Sse_stream_without_finish_reason_fails_as_truncated()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse("""{"candidates":[{"content":{"parts":[{"text":"Half an ans"}],"role":"model"}}]}"""));

        Assert.Contains(events, static e => e is TextDelta { Text: "Half an ans" });
        Assert.Equal("provider.stream_truncated", Assert.IsType<ResponseFailed>(events[^1]).Error.Code);
        Assert.DoesNotContain(events, static e => e is ResponseFinished);
    }

    [Fact]
    public async Task Empty_stream_fails_as_truncated()
    {
        var events = await GeminiFixture.ReadTextAsync("");
        Assert.Equal("provider.stream_truncated", Assert.IsType<ResponseFailed>(Assert.Single(events)).Error.Code);
    }

    [Fact]
    public async Task Error_object_inside_the_stream_becomes_a_failure_with_its_status()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse(
            """{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"}}]}""",
            """{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"""));

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal(503, failed.Error.Status);
        Assert.Equal("UNAVAILABLE", failed.Error.UpstreamType);
        Assert.Contains("overloaded", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_chunk_becomes_an_invalid_stream_failure()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse("""{"candidates":[{"content":{"parts":[{"text":"Hi"}"""));
        Assert.Equal("provider.invalid_stream", Assert.IsType<ResponseFailed>(events[^1]).Error.Code);
    }

    [Fact]
    public async Task Output_part_godex_cannot_carry_fails_loudly_naming_it()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse(
            """{"candidates":[{"content":{"parts":[{"executableCode":{"language":"PYTHON","code":"print(1)"}}],"role":"model"},"finishReason":"STOP"}]}"""));

        var failed = Assert.IsType<ResponseFailed>(events[^1]);
        Assert.Equal("provider.unsupported_output", failed.Error.Code);
        Assert.Contains("executableCode", failed.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MAX_TOKENS", FinishReason.Length)]
    [InlineData("SAFETY", FinishReason.ContentFilter)]
    [InlineData("RECITATION", FinishReason.ContentFilter)]
    [InlineData("MALFORMED_FUNCTION_CALL", FinishReason.Error)]
    [InlineData("OTHER", FinishReason.Error)]
    public async Task Finish_reasons_map_to_canonical_reasons(string reason, FinishReason expected)
    {
        var events = await GeminiFixture.ReadTextAsync(Sse($$"""{"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"{{reason}}"}]}"""));
        Assert.Equal(expected, Assert.IsType<ResponseFinished>(events[^1]).Reason);
    }

    [Fact]
    public async Task Blocked_prompt_finishes_as_content_filter_without_parts()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7},"responseId":"r1"}"""));

        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);
        Assert.Empty(response.Parts);
        Assert.Equal(FinishReason.ContentFilter, response.FinishReason);
    }

    [Fact]
    public async Task Thought_parts_become_reasoning_and_cached_tokens_count_as_input()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse(
            """{"candidates":[{"content":{"parts":[{"text":"Thinking about it","thought":true}],"role":"model"}}],"responseId":"r2","modelVersion":"gemini-2.5-pro","createTime":"2026-05-04T20:01:02.264968Z"}""",
            """{"candidates":[{"content":{"parts":[{"text":"Answer","thoughtSignature":"c2ln"}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":100,"cachedContentTokenCount":60,"candidatesTokenCount":5,"thoughtsTokenCount":20,"totalTokenCount":125}}"""));

        Fixture.AssertWellFormed(events, expectUsage: true);
        var response = Fixture.Fold(events);
        Assert.Equal(DateTimeOffset.Parse("2026-05-04T20:01:02.264968Z", System.Globalization.CultureInfo.InvariantCulture), response.Created);
        Assert.Equal(new ReasoningPart { Text = "Thinking about it" }, response.Parts[0]);
        Assert.Equal(new ReasoningPart { Signature = "c2ln" }, response.Parts[1]);
        Assert.Equal(new TextPart("Answer"), response.Parts[2]);
        Assert.Equal(new Usage { InputTokens = 100, CachedInputTokens = 60, OutputTokens = 25, ReasoningTokens = 20 }, response.Usage);
    }

    [Fact]
    public async Task Usage_is_reported_with_each_chunk_that_counts_before_its_text_and_the_last_report_is_the_answers()
    {
        var events = await GeminiFixture.ReadStreamAsync("text.sse");

        var reports = events.OfType<UsageReported>().Select(static e => e.Usage).ToList();
        Assert.True(events.FindIndex(static e => e is UsageReported) < events.FindIndex(static e => e is TextDelta));
        Assert.True(reports.Count > 1, "the recording repeats running totals on every chunk");
        Assert.Equal(reports.Distinct().Count(), reports.Count); // a repeated figure is not reported again
        Assert.Equal(new Usage { InputTokens = 9, OutputTokens = 208, ReasoningTokens = 185 }, reports[^1]);
        Assert.Equal(reports[^1], Fixture.Fold(events).Usage);
    }

    [Fact]
    public async Task Stream_cut_mid_answer_has_already_reported_its_running_totals()
    {
        var events = await GeminiFixture.ReadTextAsync(Sse(
            """{"candidates":[{"content":{"parts":[{"text":"Half "}],"role":"model"}}],"usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":2,"totalTokenCount":42}}""",
            """{"candidates":[{"content":{"parts":[{"text":"an ans"}],"role":"model"}}],"usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":4,"totalTokenCount":44}}"""));

        Assert.Equal("provider.stream_truncated", Assert.IsType<ResponseFailed>(events[^1]).Error.Code);
        var merged = events.OfType<UsageReported>().Select(static e => e.Usage).Aggregate(static (sum, next) => sum.Merge(next));
        Assert.Equal(new Usage { InputTokens = 40, OutputTokens = 4 }, merged);
    }

    private static string Sse(params string[] chunks) => string.Concat(chunks.Select(static chunk => "data: " + chunk + "\r\n\r\n"));
}
