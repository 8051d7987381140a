using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Security;

namespace Godex.Commands;

/// <summary>
/// `godex attach`: follows a running gateway's live events (`GET /admin/api/events`) and prints a line
/// per event, coloured on a terminal (not with NO_COLOR): requests as they end, provider state changes,
/// config reloads, and what the gateway dropped for a slow reader. `--key`, `--model` and `--errors`
/// filter requests; `--json` prints the events as they came. Runs until interrupted or the gateway stops.
/// </summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        var gateway = new Option<string>("--gateway") { Description = "the gateway's URL (default: the address the config listens on)" };
        var adminKey = new Option<string>("--admin-key") { Description = $"the admin key (env {AdminKeys.EnvironmentVariable}); not needed on this machine when none is configured" };
        var config = new Option<string>("--config") { Description = "config file, for the default address" };
        var key = new Option<string>("--key") { Description = "only requests made with this key id (gxk_…, key-0)" };
        var model = new Option<string>("--model") { Description = "only requests for this model (requested name)" };
        var errors = new Option<bool>("--errors") { Description = "only failed requests (and provider changes)" };
        var started = new Option<bool>("--started") { Description = "also print requests as they start" };
        var json = new Option<bool>("--json") { Description = "print each event's JSON, one per line" };
        var command = new Command("attach", "Follow a running gateway's live events: requests, provider state, reloads.") { gateway, adminKey, config, key, model, errors, started, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Uri baseUrl;
            try
            {
                baseUrl = new Uri((parse.GetValue(gateway) ?? DefaultGateway(parse.GetValue(config))).TrimEnd('/') + "/");
            }
            catch (Exception exception) when (exception is ConfigException or UriFormatException)
            {
                await Console.Error.WriteLineAsync($"godex attach: {exception.Message}");
                return 2;
            }

            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
            if ((parse.GetValue(adminKey) ?? Environment.GetEnvironmentVariable(AdminKeys.EnvironmentVariable)) is { Length: > 0 } secret)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            }

            var filter = new Filter(parse.GetValue(key), parse.GetValue(model), parse.GetValue(errors), parse.GetValue(started));
            var colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
            try
            {
                using var response = await http.GetAsync("admin/api/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"godex attach: {(int)response.StatusCode} from {baseUrl}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    return 1;
                }

                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
                {
                    using var document = JsonDocument.Parse(item.Data);
                    if (filter.Shows(item.EventType, document.RootElement))
                    {
                        Console.WriteLine(parse.GetValue(json) ? item.Data : EventLine.Format(item.EventType, document.RootElement, colour));
                    }
                }

                return 0; // the gateway stopped
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (HttpRequestException exception)
            {
                await Console.Error.WriteLineAsync($"godex attach: cannot reach {baseUrl}: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static string DefaultGateway(string? configPath)
    {
        var listen = ServeOptionsResolver.Resolve(new ServeFlags(), ConfigFiles.Load(configPath), Environment.GetEnvironmentVariable).Listen;
        var host = listen.Address is null || listen.Address.Equals(System.Net.IPAddress.Any) ? "127.0.0.1"
            : listen.Address.Equals(System.Net.IPAddress.IPv6Any) ? "[::1]"
            : listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listen.Address}]" : listen.Address.ToString();
        return $"http://{host}:{listen.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private sealed record Filter(string? Key, string? Model, bool ErrorsOnly, bool Started)
    {
        public bool Shows(string type, JsonElement data) => type switch
        {
            "request.finished" => Matches(data) && (!ErrorsOnly || (data.TryGetProperty("outcome", out var outcome) && outcome.GetString() != "ok")),
            "request.started" => Started && !ErrorsOnly && Matches(data),
            _ => true,
        };

        private bool Matches(JsonElement data) =>
            (Key is null || Text(data, "key_id") == Key) && (Model is null || Text(data, "model") == Model);
    }

    internal static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
