using System.Text.Json.Serialization;

namespace Godex.Gateway.Providers.OpenAIChat;

/// <summary>
/// OpenAI's model list, which every OpenAI-compatible server copies (DeepSeek, Groq, OpenRouter, vLLM,
/// Ollama's /v1): `GET {base_url}/models` with the Bearer key, answered `{"object":"list","data":[{"id",...}]}`
/// in one page. Some servers add a context length: OpenRouter `context_length`, vLLM `max_model_len`.
/// </summary>
public static class OpenAIModelList
{
    public static HttpRequestMessage Request(string baseUrl) => new(HttpMethod.Get, baseUrl.TrimEnd('/') + "/models")
    {
        Headers = { Accept = { new("application/json") } },
    };

    public static ModelPage Read(ReadOnlySpan<byte> body, string provider)
    {
        var list = ModelListReader.Read(body, OpenAIModelListJsonContext.Default.OpenAIModelListBody, provider, "GET /models");
        var models = new List<DiscoveredModel>(list.Data.Count);
        foreach (var model in list.Data)
        {
            if (!string.IsNullOrEmpty(model.Id))
            {
                models.Add(new DiscoveredModel(model.Id, model.Name, model.ContextLength ?? model.MaxModelLen));
            }
        }

        return new ModelPage(models, NextCursor: null);
    }
}

internal sealed class OpenAIModelListBody
{
    [JsonPropertyName("data")] public List<OpenAIModelEntry> Data { get; set; } = [];
}

internal sealed class OpenAIModelEntry
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("context_length")] public long? ContextLength { get; set; }
    [JsonPropertyName("max_model_len")] public long? MaxModelLen { get; set; }
}

[JsonSerializable(typeof(OpenAIModelListBody))]
internal sealed partial class OpenAIModelListJsonContext : JsonSerializerContext;
