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

    private static string? Key(HttpRequest request) => PresentedKey.From(request) is { Refusal: null } presented ? presented.Key : null;

    private static string? Refusal(HttpRequest request) => PresentedKey.From(request).Refusal?.Code;

    [Theory]
    [InlineData("Bearer k", null, null, null)]
    [InlineData(null, "k", null, null)]
    [InlineData(null, null, "k", null)]
    [InlineData(null, null, null, "k")]
    [InlineData("Bearer k", "k", "k", "k")]
    public void A_key_is_taken_from_any_place_and_the_same_key_in_several_is_one_key(string? authorization, string? apiKey, string? googKey, string? queryKey)
    {
        Assert.Equal("k", Key(Request(authorization, apiKey, googKey, queryKey)));
    }

    [Theory]
    [InlineData("Bearer a", "b", null, null)]
    [InlineData(null, "a", "b", null)]
    [InlineData(null, null, "a", "b")]
    [InlineData("Bearer a", null, null, "b")]
    public void Different_keys_in_different_places_are_refused(string? authorization, string? apiKey, string? googKey, string? queryKey)
    {
        Assert.Equal("auth.conflicting_keys", Refusal(Request(authorization, apiKey, googKey, queryKey)));
    }

    [Fact]
    public void No_key_anywhere_is_null_and_not_refused()
    {
        Assert.Equal(new PresentedKey(null, null), PresentedKey.From(Request()));
    }

    [Theory]
    [InlineData("bearer sk-1")]
    [InlineData("BEARER sk-1")]
    [InlineData("Bearer   sk-1  ")]
    public void Bearer_scheme_is_case_insensitive_and_the_token_trimmed(string authorization)
    {
        Assert.Equal("sk-1", Key(Request(authorization)));
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer sk-1 sk-2")]
    [InlineData("Bearer\tsk-1")]
    [InlineData("sk-1")]
    public void An_authorization_header_that_is_not_one_bearer_token_is_refused_even_beside_another_key(string authorization)
    {
        Assert.Equal("auth.invalid_authorization", Refusal(Request(authorization, "api")));
    }

    [Fact]
    public void A_place_given_twice_is_refused()
    {
        var request = Request();
        request.Headers.Authorization = new Microsoft.Extensions.Primitives.StringValues(["Bearer k", "Bearer k"]);
        Assert.Equal("auth.ambiguous_key", Refusal(request));
        var query = Request();
        query.QueryString = new QueryString("?key=k&key=k");
        Assert.Equal("auth.ambiguous_key", Refusal(query));
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
