using Godex.Gateway.Pipeline;
using Godex.Wire;

namespace Godex.Gateway.Tests.Pipeline;

public sealed class BreakToolLoopsTests
{
    private static ChatMessage Call(string name, string arguments, string id = "c") => new(ChatRole.Assistant, [new ToolCallPart(id, name, arguments)]);

    private static ChatMessage Result(string id = "c") => new(ChatRole.Tool, [new ToolResultPart(id, [new TextPart("no change")])]);

    private static readonly ChatMessage Ask = ChatMessage.Text(ChatRole.User, "fix the build");

    [Fact]
    public void The_same_call_n_times_in_a_row_is_a_loop_whatever_its_json_spacing_and_key_order()
    {
        List<ChatMessage> messages = [Ask, Call("read", """{"path":"a.cs","line":1}"""), Result(), Call("read", """{ "line": 1, "path": "a.cs" }"""), Result(), Call("read", """{"path":"a.cs","line":1}"""), Result()];

        Assert.Equal("read", BreakToolLoops.Repeats(messages, 3)?.Name);
        Assert.Null(BreakToolLoops.Repeats(messages, 4));
    }

    [Fact]
    public void Different_arguments_a_user_turn_or_a_plain_answer_break_the_streak()
    {
        Assert.Null(BreakToolLoops.Repeats([Ask, Call("read", """{"path":"a"}"""), Result(), Call("read", """{"path":"b"}"""), Result(), Call("read", """{"path":"b"}"""), Result()], 3));
        Assert.Null(BreakToolLoops.Repeats([Call("read", "{}"), Result(), Ask, Call("read", "{}"), Result(), Call("read", "{}"), Result()], 3));
        Assert.Null(BreakToolLoops.Repeats([Call("read", "{}"), Result(), ChatMessage.Text(ChatRole.Assistant, "done"), Call("read", "{}"), Result(), Call("read", "{}"), Result()], 3));
    }

    [Fact]
    public void Anthropic_style_results_in_user_turns_and_a_trailing_system_message_do_not_break_it()
    {
        static ChatMessage UserResult() => new(ChatRole.User, [new ToolResultPart("c", [new TextPart("same")])]);
        List<ChatMessage> messages = [Ask, Call("bash", """{"command":"make"}"""), UserResult(), Call("bash", """{"command":"make"}"""), UserResult(), ChatMessage.Text(ChatRole.System, "reminder")];

        Assert.Equal("bash", BreakToolLoops.Repeats(messages, 2)?.Name);
    }

    [Fact]
    public void Parallel_calls_repeat_only_as_a_whole()
    {
        static ChatMessage Both(string second) => new(ChatRole.Assistant, [new ToolCallPart("a", "ls", "{}"), new ToolCallPart("b", "cat", second)]);

        Assert.NotNull(BreakToolLoops.Repeats([Ask, Both("""{"f":1}"""), Result("a"), Result("b"), Both("""{"f":1}"""), Result("a"), Result("b")], 2));
        Assert.Null(BreakToolLoops.Repeats([Ask, Both("""{"f":1}"""), Result("a"), Result("b"), Both("""{"f":2}"""), Result("a"), Result("b")], 2));
    }
}
