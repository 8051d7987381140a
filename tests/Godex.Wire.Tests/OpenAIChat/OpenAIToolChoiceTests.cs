using Godex.Wire.OpenAIChat;

using Xunit;

namespace Godex.Wire.Tests.OpenAIChat;

/// <summary>The word forms of tool_choice that Chat Completions and Responses share.</summary>
public class OpenAIToolChoiceTests
{
    [Theory]
    [InlineData("auto", ToolChoiceMode.Auto)]
    [InlineData("none", ToolChoiceMode.None)]
    [InlineData("required", ToolChoiceMode.Required)]
    public void Words_parse_and_format_both_ways(string word, ToolChoiceMode mode)
    {
        Assert.Equal(new ToolChoice(mode), OpenAIToolChoice.ParseMode(word));
        Assert.Equal(word, OpenAIToolChoice.FormatMode(mode));
    }

    [Theory]
    [InlineData("any")]
    [InlineData("Auto")]
    [InlineData(null)]
    public void Other_words_are_a_400_naming_tool_choice(string? word)
    {
        var error = Assert.Throws<GodexException>(() => OpenAIToolChoice.ParseMode(word)).Error;

        Assert.Equal(400, error.Status);
        Assert.Equal("tool_choice", error.Param);
        Assert.Contains($"tool_choice '{word}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_function_has_no_word_and_stands_as_auto()
    {
        Assert.Equal("auto", OpenAIToolChoice.FormatMode(ToolChoiceMode.Function));
    }
}
