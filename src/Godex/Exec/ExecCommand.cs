using System.CommandLine;

using Godex.Gateway.Configuration;

namespace Godex.Exec;

/// <summary>`godex exec`: one prompt through Godex, with tools and a tool loop, printed as text or JSONL.</summary>
internal static class ExecCommand
{
    private static readonly string[] MockModes = ["text", "tool-call", "tool-loop", "error"];

    public static Command Create()
    {
        var prompt = new Option<string>("--prompt") { Description = "the prompt; '-' reads it from stdin", Required = true };
        var model = new Option<string>("--model") { Description = "model or alias (default: the config's default_model; the mock on embedded defaults)" };
        var system = new Option<string>("--system") { Description = "system prompt" };
        var tools = new Option<string[]>("--tool") { Description = "a tool: NAME:json=SCHEMA_FILE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var webSearch = new Option<bool>("--web-search") { Description = "offer the provider's native web search tool" };
        var autoTools = new Option<bool>("--auto-tools") { Description = "answer tool calls with --tool-output values and continue the loop" };
        var toolOutputs = new Option<string[]>("--tool-output") { Description = "NAME=VALUE: the output --auto-tools returns for tool NAME (repeatable)" };
        var maxSteps = new Option<int>("--max-steps") { Description = "most model turns in the tool loop (default 8)", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "print one JSON object per line per event (docs/wire.md)" };
        var mock = new Option<bool>("--mock") { Description = "use the built-in mock provider" };
        var mockMode = new Option<string>("--mock-mode") { Description = "text | tool-call | tool-loop | error (with --mock; default text)" };
        var logRequests = new Option<string>("--log-requests") { Description = "append each upstream request's JSON to FILE (JSONL, no credentials)" };
        var logResponses = new Option<string>("--log-responses") { Description = "append the raw upstream response events to FILE (JSONL, no credentials)" };
        var providerKey = new Option<string>("--provider-key") { Description = "upstream API key for this run (sent as X-Provider-Key with --gateway)" };
        var gateway = new Option<string>("--gateway") { Description = "run against a running gateway at URL instead of in-process (key from GODEX_API_KEY)" };
        var config = new Option<string>("--config") { Description = "config file (default ./godex.yaml, then ~/.config/godex/config.yaml)" };

        var command = new Command("exec", "Run one prompt (and its tool loop) through Godex and print the answer.")
        {
            prompt, model, system, tools, webSearch, autoTools, toolOutputs, maxSteps, json, mock, mockMode, logRequests, logResponses, providerKey, gateway, config,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            IExecOutput output = parse.GetValue(json)
                ? new JsonlOutput(Console.OpenStandardOutput())
                : new PlainOutput(Console.Out, Console.Error, progress: !Console.IsErrorRedirected);
            try
            {
                var settings = Settings(parse, prompt, model, system, tools, webSearch, autoTools, toolOutputs, maxSteps, json, mock, mockMode, logRequests, logResponses, providerKey, gateway, config);
                return await ExecRunner.RunAsync(settings, output, cancellationToken);
            }
            catch (ExecUsageException exception)
            {
                await Console.Error.WriteLineAsync($"godex exec: {exception.Message}");
                return ExecExitCodes.UsageError;
            }
            catch (ConfigException exception)
            {
                await Console.Error.WriteLineAsync($"godex exec: invalid configuration: {exception.Message}");
                return ExecExitCodes.UsageError;
            }
        });
        return command;
    }

    private static ExecSettings Settings(ParseResult parse, Option<string> prompt, Option<string> model, Option<string> system, Option<string[]> tools, Option<bool> webSearch, Option<bool> autoTools, Option<string[]> toolOutputs, Option<int> maxSteps, Option<bool> json, Option<bool> mock, Option<string> mockMode, Option<string> logRequests, Option<string> logResponses, Option<string> providerKey, Option<string> gateway, Option<string> config)
    {
        var promptText = parse.GetValue(prompt)!;
        if (promptText == "-")
        {
            promptText = Console.In.ReadToEnd();
        }

        if (string.IsNullOrWhiteSpace(promptText))
        {
            throw new ExecUsageException("--prompt is empty.");
        }

        var mode = parse.GetValue(mockMode);
        if (mode is not null && !parse.GetValue(mock))
        {
            throw new ExecUsageException("--mock-mode needs --mock.");
        }

        if (mode is not null && Array.IndexOf(MockModes, mode) < 0)
        {
            throw new ExecUsageException($"--mock-mode '{mode}' is not one of {string.Join(", ", MockModes)}.");
        }

        var steps = parse.GetValue(maxSteps);
        if (steps < 1)
        {
            throw new ExecUsageException("--max-steps must be at least 1.");
        }

        var toolList = (parse.GetValue(tools) ?? []).Select(ToolSpecs.ParseTool).ToList();
        if (parse.GetValue(webSearch))
        {
            using var raw = System.Text.Json.JsonDocument.Parse("""{"type":"web_search"}""");
            toolList.Add(new Wire.ToolDefinition("web_search") { Kind = "web_search", Raw = raw.RootElement.Clone() });
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in parse.GetValue(toolOutputs) ?? [])
        {
            var (name, value) = ToolSpecs.ParseOutput(spec);
            outputs[name] = value;
        }

        if (outputs.Count > 0 && !parse.GetValue(autoTools))
        {
            throw new ExecUsageException("--tool-output needs --auto-tools.");
        }

        Uri? gatewayUrl = null;
        if (parse.GetValue(gateway) is { } url)
        {
            gatewayUrl = Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw new ExecUsageException($"--gateway '{url}' is not an http(s) URL.");
        }

        return new ExecSettings
        {
            Prompt = promptText,
            Model = parse.GetValue(model),
            System = parse.GetValue(system),
            Tools = toolList,
            AutoTools = parse.GetValue(autoTools),
            ToolOutputs = outputs,
            MaxSteps = steps,
            Json = parse.GetValue(json),
            MockMode = parse.GetValue(mock) ? mode ?? "text" : null,
            LogRequests = parse.GetValue(logRequests),
            LogResponses = parse.GetValue(logResponses),
            ProviderKey = parse.GetValue(providerKey),
            Gateway = gatewayUrl,
            GatewayKey = Environment.GetEnvironmentVariable("GODEX_API_KEY"),
            ConfigPath = parse.GetValue(config),
        };
    }
}
