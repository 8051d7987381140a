using System.Text.Json.Serialization;

namespace Godex.Gateway.Providers.Anthropic;

/// <summary>
/// Anthropic's model list: `GET /v1/models?limit=1000[&amp;after_id=...]` with x-api-key and anthropic-version,
/// answered `{"data":[{"id","display_name","created_at",...}],"has_more","first_id","last_id"}`; the next page
/// starts after `last_id` while `has_more` is true. Newer answers also carry `max_input_tokens` and `max_tokens`.
/// </summary>
public static class AnthropicModelList
{
    /// <summary>The most Anthropic returns per page (default 20), so most accounts need one request.</summary>
    private const int PageSize = 1000;

    public static HttpRequestMessage Request(string baseUrl, string? afterId)
    {
        var url = baseUrl.TrimEnd('/') + "/v1/models?limit=" + PageSize;
        if (afterId is not null)
        {
            url += "&after_id=" + Uri.EscapeDataString(afterId);
        }

        return new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Accept = { new("application/json") } } };
    }

    public static ModelPage Read(ReadOnlySpan<byte> body, string provider)
    {
        var list = ModelListReader.Read(body, AnthropicModelListJsonContext.Default.AnthropicModelListBody, provider, "GET /v1/models");
        var models = new List<DiscoveredModel>(list.Data.Count);
        foreach (var model in list.Data)
        {
            if (!string.IsNullOrEmpty(model.Id))
            {
                models.Add(new DiscoveredModel(model.Id, model.DisplayName, model.MaxInputTokens, model.MaxTokens));
            }
        }

        return new ModelPage(models, list.HasMore && list.LastId is { Length: > 0 } last ? last : null);
    }
}

internal sealed class AnthropicModelListBody
{
    [JsonPropertyName("data")] public List<AnthropicModelEntry> Data { get; set; } = [];
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
    [JsonPropertyName("last_id")] public string? LastId { get; set; }
}

internal sealed class AnthropicModelEntry
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("display_name")] public string? DisplayName { get; set; }
    [JsonPropertyName("max_input_tokens")] public long? MaxInputTokens { get; set; }
    [JsonPropertyName("max_tokens")] public long? MaxTokens { get; set; }
}

[JsonSerializable(typeof(AnthropicModelListBody))]
internal sealed partial class AnthropicModelListJsonContext : JsonSerializerContext;
