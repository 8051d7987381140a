using Godex.Gateway.Security;

using Microsoft.AspNetCore.Http;

namespace Godex.Gateway.Tests.Security;

public sealed class ClientKeysTests
{
    private static HttpRequest Request(string? authorization = null, string? apiKey = null, string? googKey = null, string? queryKey = null)
    {
        var request = new DefaultHttpContext().Request;
        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        if (apiKey is not null)
        {
            request.Headers["x-api-key"] = apiKey;
        }

        if (googKey is not null)
        {
            request.Headers["x-goog-api-key"] = googKey;
        }

        if (queryKey is not null)
        {
            request.QueryString = QueryString.Create("key", queryKey);
        }

        return request;
    }

    [Fact]
    public void Bearer_token_comes_first()
    {
        Assert.Equal("bearer", ClientKeys.Presented(Request("Bearer bearer", "api", "goog", "query")));
    }

    [Fact]
    public void X_api_key_comes_second()
    {
        Assert.Equal("api", ClientKeys.Presented(Request(null, "api", "goog", "query")));
    }

    [Fact]
    public void X_goog_api_key_comes_third()
    {
        Assert.Equal("goog", ClientKeys.Presented(Request(null, null, "goog", "query")));
    }

    [Fact]
    public void Query_key_comes_last()
    {
        Assert.Equal("query", ClientKeys.Presented(Request(queryKey: "query")));
    }

    [Fact]
    public void No_key_anywhere_is_null()
    {
        Assert.Null(ClientKeys.Presented(Request()));
    }

    [Theory]
    [InlineData("bearer sk-1")]
    [InlineData("BEARER sk-1")]
    [InlineData("Bearer   sk-1  ")]
    public void Bearer_scheme_is_case_insensitive_and_the_token_trimmed(string authorization)
    {
        Assert.Equal("sk-1", ClientKeys.Presented(Request(authorization)));
    }

    [Fact]
    public void Non_bearer_authorization_falls_through_to_the_other_places()
    {
        Assert.Equal("api", ClientKeys.Presented(Request("Basic dXNlcjpwYXNz", "api")));
    }

    [Theory]
    [InlineData("sk-alpha", 0)]
    [InlineData("sk-beta", 1)]
    [InlineData("sk-gamma", -1)]
    [InlineData("sk-bet", -1)]
    [InlineData("sk-betaa", -1)]
    [InlineData("SK-BETA", -1)]
    [InlineData("", -1)]
    public void Match_gives_the_index_of_the_exact_key_or_minus_one(string presented, int index)
    {
        var keys = new ClientKeys(["sk-alpha", "sk-beta"], allowAnyKey: false);

        Assert.Equal(index, keys.Match(presented));
    }

    [Fact]
    public void Duplicate_keys_match_the_first_index()
    {
        Assert.Equal(0, new ClientKeys(["same", "same"], allowAnyKey: false).Match("same"));
    }

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(1, false, false)]
    [InlineData(0, true, false)]
    [InlineData(1, true, false)]
    public void LoopbackOnly_means_no_keys_and_not_allow_any_key(int keyCount, bool allowAnyKey, bool loopbackOnly)
    {
        var keys = new ClientKeys([.. Enumerable.Range(0, keyCount).Select(i => $"key-{i}")], allowAnyKey);

        Assert.Equal(loopbackOnly, keys.LoopbackOnly);
        Assert.Equal(allowAnyKey, keys.AllowAnyKey);
    }
}
