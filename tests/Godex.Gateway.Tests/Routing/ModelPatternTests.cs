using Godex.Gateway.Routing;

namespace Godex.Gateway.Tests.Routing;

public sealed class ModelPatternTests
{
    [Theory]
    [InlineData("gpt-", "gpt-5", true)]
    [InlineData("gpt-", "gpt-", true)]
    [InlineData("gpt-", "chatgpt-4o", false)]
    [InlineData("gpt-", "GPT-5", false)]
    [InlineData("", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("*-mini", "o4-mini", true)]
    [InlineData("*-mini", "o4-mini-high", false)]
    [InlineData("claude-*-sonnet", "claude-3-7-sonnet", true)]
    [InlineData("claude-*-sonnet", "claude-sonnet", false)]
    [InlineData("qwen-*", "qwen-", true)]
    [InlineData("qwen-*", "qwen", false)]
    [InlineData("*llama*", "meta-llama/Llama-3", true)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXcYb", false)]
    [InlineData("**", "x", true)]
    public void Matches_prefixes_and_star_globs(string pattern, string model, bool matches)
    {
        Assert.Equal(matches, ModelPattern.Matches(pattern, model));
    }

    [Fact]
    public void Glob_is_anchored_at_both_ends()
    {
        Assert.False(ModelPattern.Matches("gpt-*-mini", "xgpt-4-mini"));
        Assert.False(ModelPattern.Matches("gpt-*-mini", "gpt-4-minix"));
    }
}
