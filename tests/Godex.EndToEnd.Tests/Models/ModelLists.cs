using System.Text.Json.Nodes;

using Godex.EndToEnd.Tests.Infrastructure;

namespace Godex.EndToEnd.Tests.Models;

/// <summary>Upstream model-list answers as each family sends them, and the ids in Godex's own lists.</summary>
public static class ModelLists
{
    public static string OpenAI(params string[] ids) =>
        new JsonObject { ["object"] = "list", ["data"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = 1, ["owned_by"] = "system" })]) }.ToJsonString();

    /// <summary>The ids of an OpenAI-shaped list (`data[].id`).</summary>
    public static List<string> Ids(JsonNode list) => [.. list["data"]!.AsArray().Select(model => (string)model!["id"]!)];

    public static async Task<List<string>> ListAsync(GodexHost godex) =>
        Ids(JsonNode.Parse(await godex.Http.GetStringAsync("/v1/models"))!);

    /// <summary>The model-list requests an upstream received (it may also have received chat requests).</summary>
    public static List<ReceivedRequest> Listings(ScriptedUpstream upstream) =>
        [.. upstream.Received.Where(request => request.Method == "GET" && request.Path.EndsWith("/models", StringComparison.Ordinal))];
}
