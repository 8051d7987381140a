using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Storage;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

namespace Godex.Commands;

/// <summary>`godex traces [list|show ID|tail [-f]]`: read the traces the gateway stored, straight from its database.</summary>
internal static class TracesCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "config file (to find storage.path)", Recursive = true };
        var model = new Option<string>("--model") { Description = "only this model (requested or resolved)", Recursive = true };
        var provider = new Option<string>("--provider") { Description = "only this provider", Recursive = true };
        var status = new Option<int?>("--status") { Description = "only this HTTP status", Recursive = true };
        var key = new Option<string>("--key") { Description = "only this caller key id (key-0, key-1, ... or a stored key's gxk_ id)", Recursive = true };
        var limit = new Option<int>("--limit") { Description = "how many (default 20)", DefaultValueFactory = _ => 20, Recursive = true };
        var json = new Option<bool>("--json") { Description = "one JSON object per trace", Recursive = true };

        TraceQuery Query(ParseResult parse) => new()
        {
            Model = parse.GetValue(model),
            Provider = parse.GetValue(provider),
            Status = parse.GetValue(status),
            CallerKeyId = parse.GetValue(key),
            Limit = parse.GetValue(limit),
        };

        Task<int> ListAsync(ParseResult parse, CancellationToken token) => RunAsync(parse, config, async store =>
        {
            Print(await store.ListAsync(Query(parse), token), parse.GetValue(json));
            return 0;
        });

        var list = new Command("list", "The newest traces, newest first.");
        list.SetAction(ListAsync);

        var id = new Argument<string>("id") { Description = "the request id (x-request-id)" };
        var show = new Command("show", "One trace, every field, and a table of the candidates it tried (with --json: one JSON object, attempts included).") { id };
        show.SetAction((parse, token) => RunAsync(parse, config, async store =>
        {
            var trace = await store.GetAsync(parse.GetValue(id)!, token);
            if (trace is null)
            {
                await Console.Error.WriteLineAsync($"godex traces: no trace {parse.GetValue(id)}");
                return 1;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(trace, TelemetryJsonContext.Default.TraceRecord));
                return 0;
            }

            Console.WriteLine(JsonSerializer.Serialize(trace with { Attempts = null }, IndentedContext.TraceRecord));
            PrintAttempts(trace.Attempts);
            return 0;
        }));

        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new traces as they are stored" };
        var tail = new Command("tail", "The latest traces, oldest first; with -f, follow new ones.") { follow };
        tail.SetAction((parse, token) => RunAsync(parse, config, async store =>
        {
            var latest = (await store.ListAsync(Query(parse), token)).Reverse().ToList();
            Print(latest, parse.GetValue(json));
            var after = latest.Count > 0 ? latest[^1].Sequence : 0;
            while (parse.GetValue(follow) && !token.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(500, token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var fresh = await store.ListAsync(Query(parse) with { AfterSequence = after, Limit = 1000 }, token);
                Print(fresh, parse.GetValue(json), header: false);
                after = fresh.Count > 0 ? fresh[^1].Sequence : after;
            }

            return 0;
        }));

        var command = new Command("traces", "Read stored traces: list (default), show ID, tail [-f].") { config, model, provider, status, key, limit, json, list, show, tail };
        command.SetAction(ListAsync);
        return command;
    }

    private static readonly TelemetryJsonContext IndentedContext = new(new JsonSerializerOptions(TelemetryJsonContext.Default.Options) { WriteIndented = true });

    private static async Task<int> RunAsync(ParseResult parse, Option<string> config, Func<ITraceStore, Task<int>> action)
    {
        try
        {
            var loaded = ConfigFiles.Load(parse.GetValue(config));
            if (loaded.Storage.Postgres is null && StorageFactory.SqliteFile(loaded) is var path && !File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"godex traces: no traces yet ({path} does not exist; it is created when the gateway starts).");
                return 0;
            }

            var store = new SqlTraceStore(StorageFactory.Create(loaded));
            await store.MigrateAsync(CancellationToken.None);
            return await action(store);
        }
        catch (ConfigException exception)
        {
            await Console.Error.WriteLineAsync($"godex traces: invalid configuration: {exception.Message}");
            return 2;
        }
    }

    private static void Print(IReadOnlyList<StoredTrace> traces, bool json, bool header = true)
    {
        if (json)
        {
            foreach (var stored in traces)
            {
                Console.WriteLine(JsonSerializer.Serialize(stored.Trace, TelemetryJsonContext.Default.TraceRecord));
            }

            return;
        }

        if (header)
        {
            Console.WriteLine($"{"time (UTC)",-19}  {"id",-32}  {"protocol",-16}  {"model",-24}  {"provider",-10}  {"tries",5}  {"status",6}  {"ms",8}  {"in",7}  {"out",7}  {"cost $",10}");
        }

        foreach (var stored in traces)
        {
            var t = stored.Trace;
            var cost = t.CostUsd is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "-";
            var estimated = t.UsageEstimated ? "~" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {t.Id,-32}  {t.ClientProtocol,-16}  {Cut(t.RequestedModel, 24),-24}  {Cut(t.Provider, 10),-10}  {t.Attempts?.Count.ToString(CultureInfo.InvariantCulture) ?? "-",5}  {t.Status,6}  {t.LatencyMs,8:0.0}  {estimated + t.InputTokens,7}  {estimated + t.OutputTokens,7}  {cost,10}"));
        }
    }

    /// <summary>The attempts as a table in the list's style: which candidate, why, when, how it ended.</summary>
    private static void PrintAttempts(IReadOnlyList<TraceAttempt>? attempts)
    {
        Console.WriteLine();
        if (attempts is null)
        {
            Console.WriteLine("attempts: not recorded (the trace was stored before Godex recorded them)");
            return;
        }

        if (attempts.Count == 0)
        {
            Console.WriteLine("attempts: none (the request was refused before any provider was tried)");
            return;
        }

        Console.WriteLine($"{"#",2}  {"provider",-10}  {"member",-12}  {"model",-24}  {"reason",-12}  {"outcome",-11}  {"start ms",8}  {"ms",8}  {"status",6}  error");
        for (var i = 0; i < attempts.Count; i++)
        {
            var a = attempts[i];
            var start = a.StartMs is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            var took = a.DurationMs is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            var error = a.ErrorCode is null ? "-" : a.ErrorMessage is null ? a.ErrorCode : $"{a.ErrorCode}: {Cut(a.ErrorMessage.ReplaceLineEndings(" "), 80)}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1,2}  {Cut(a.Provider, 10),-10}  {Cut(a.Member, 12),-12}  {Cut(a.Model, 24),-24}  {a.Reason,-12}  {a.Outcome,-11}  {start,8}  {took,8}  {a.Status?.ToString(CultureInfo.InvariantCulture) ?? "-",6}  {error}"));
        }
    }

    private static string Cut(string? text, int width) => text is null ? "-" : text.Length <= width ? text : text[..(width - 1)] + "…";
}
