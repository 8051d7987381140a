using System.Text.Json.Serialization;

using Godex.Wire.Gemini;

namespace Godex.Gateway.Providers.Gemini;

/// <summary>
/// Gemini's model list: `GET {api root}/models?pageSize=1000[&amp;pageToken=...]` with x-goog-api-key, answered
/// `{"models":[{"name":"models/...","displayName","inputTokenLimit","outputTokenLimit","supportedGenerationMethods"}],"nextPageToken"}`.
/// Only models that take generateContent are kept: the list also holds embedding and other models no chat client can use.
/// </summary>
public static class GeminiModelList
{
    /// <summary>The most Gemini returns per page (default 50).</summary>
    private const int PageSize = 1000;

    public static HttpRequestMessage Request(string apiRoot, string? pageToken)
    {
        var url = apiRoot + "/models?pageSize=" + PageSize;
        if (pageToken is not null)
        {
            url += "&pageToken=" + Uri.EscapeDataString(pageToken);
        }

        return new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Accept = { new("application/json") } } };
    }

    public static ModelPage Read(ReadOnlySpan<byte> body, string provider)
    {
        var list = ModelListReader.Read(body, GeminiModelListJsonContext.Default.GeminiModelListBody, provider, "GET /models");
        var models = new List<DiscoveredModel>(list.Models.Count);
        foreach (var model in list.Models)
        {
            if (!string.IsNullOrEmpty(model.Name) && (model.SupportedGenerationMethods is null || model.SupportedGenerationMethods.Contains("generateContent")))
            {
                models.Add(new DiscoveredModel(GeminiProtocol.ModelId(model.Name), model.DisplayName, model.InputTokenLimit, model.OutputTokenLimit));
            }
        }

        return new ModelPage(models, list.NextPageToken is { Length: > 0 } token ? token : null);
    }
}

internal sealed class GeminiModelListBody
{
    [JsonPropertyName("models")] public List<GeminiModelEntry> Models { get; set; } = [];
    [JsonPropertyName("nextPageToken")] public string? NextPageToken { get; set; }
}

internal sealed class GeminiModelEntry
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("displayName")] public string? DisplayName { get; set; }
    [JsonPropertyName("inputTokenLimit")] public long? InputTokenLimit { get; set; }
    [JsonPropertyName("outputTokenLimit")] public long? OutputTokenLimit { get; set; }
    [JsonPropertyName("supportedGenerationMethods")] public List<string>? SupportedGenerationMethods { get; set; }
}

[JsonSerializable(typeof(GeminiModelListBody))]
internal sealed partial class GeminiModelListJsonContext : JsonSerializerContext;
