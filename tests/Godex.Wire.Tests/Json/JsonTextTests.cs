using System.Text;

using Godex.Wire.Json;

using Xunit;

namespace Godex.Wire.Tests.Json;

/// <summary>The one pass over a client body that refuses what no reader or writer can carry, naming where.</summary>
public sealed class JsonTextTests
{
    [Theory]
    [InlineData("""{"model":"m","temperature":1e999}""", "temperature", "too large")]
    [InlineData("""{"model":"m","messages":[{"content":"a\ud800"}]}""", "messages[0].content", "surrogate")]
    public void What_cannot_be_carried_is_a_400_naming_the_field(string body, string path, string why)
    {
        var refused = Assert.Throws<GodexException>(() => JsonText.EnsureRepresentable(Encoding.UTF8.GetBytes(body)));

        Assert.Equal((400, path), (refused.Error.Status, refused.Error.Param));
        Assert.Contains(why, refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_numbers_and_text_pass() =>
        JsonText.EnsureRepresentable(Encoding.UTF8.GetBytes("""{"a":1.7e308,"b":-3,"c":"\ud83d\ude00 ok"}"""));
}
