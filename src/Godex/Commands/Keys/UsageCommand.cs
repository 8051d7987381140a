using System.CommandLine;
using System.Globalization;

using Godex.Gateway.Security.Budgets;
using Godex.Gateway.Security.Keys;
using Godex.Gateway.Storage;
using Godex.Gateway.Storage.Sql;
using Godex.Gateway.Telemetry;

namespace Godex.Commands.Keys;

/// <summary>
/// `godex usage list|show ID|reset ID` (also `godex proxy usage …`): usage per key, summed from the
/// stored traces, and for `show` the key's budget as admission counts it (from the ledger); `reset` makes
/// the key's quota and budget windows count from now.
/// </summary>
internal static class UsageCommand
{
    public static Command Create()
    {
        var shared = new KeysCommand.SharedOptions();
        var id = new Argument<string>("id") { Description = "the key id (gxk_…, or key-0 for the config's keys)" };
        var since = new Option<string>("--since") { Description = "only usage since this date (e.g. 2026-11-01)", Recursive = true };

        Task<int> ListAsync(ParseResult parse, string? only, CancellationToken token) => Table(parse, shared, since, only, token);

        var list = new Command("list", "Requests, tokens and cost per key.");
        list.SetAction((parse, token) => ListAsync(parse, null, token));

        var show = new Command("show", "One key's usage, per model.") { id };
        show.SetAction((parse, token) => ListAsync(parse, parse.GetValue(id), token));

        var reset = new Command("reset", "Quota and budget windows of the key count from now.") { id };
        reset.SetAction((parse, token) => shared.RunAsync(parse, "usage", async keys =>
        {
            var key = await keys.ResetUsageAsync(parse.GetValue(id)!, token);
            Console.WriteLine($"{key.Id}: usage counts from {key.UsageResetAt:u}");
            return 0;
        }));

        var command = new Command("usage", "Usage per key: list, show ID, reset ID.") { since, list, show, reset };
        shared.AddTo(command);
        command.SetAction((parse, token) => ListAsync(parse, null, token));
        return command;
    }

    private static async Task<int> Table(ParseResult parse, KeysCommand.SharedOptions shared, Option<string> sinceOption, string? only, CancellationToken token)
    {
        DateTimeOffset? since = null;
        if (parse.GetValue(sinceOption) is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                await Console.Error.WriteLineAsync($"godex usage: --since '{text}' is not a date.");
                return 2;
            }

            since = parsed;
        }

        var config = ConfigFiles.Load(parse.GetValue(shared.Config));
        var database = StorageFactory.Create(config);
        var traces = new SqlTraceStore(database);
        await traces.MigrateAsync(token);
        var rows = await traces.UsageAsync(only is null ? ["key"] : ["key", "model"], since, token);
        if (parse.GetValue(shared.Json))
        {
            // One JSON object per row, as the usage API writes them.
            using var stdout = Console.OpenStandardOutput();
            foreach (var row in rows.Where(row => only is null || row.Group.GetValueOrDefault("key") == only))
            {
                using (var json = new System.Text.Json.Utf8JsonWriter(stdout))
                {
                    UsageJson.Write(json, row);
                }

                stdout.WriteByte((byte)'\n');
            }

            return 0;
        }

        Console.WriteLine($"{"key",-12}  {(only is null ? "" : $"{"model",-28}  ")}{"requests",8}  {"errors",6}  {"input",10}  {"output",10}  {"cost $",10}");
        foreach (var row in rows.Where(row => only is null || row.Group.GetValueOrDefault("key") == only))
        {
            var model = only is null ? "" : $"{row.Group.GetValueOrDefault("model"),-28}  ";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Group.GetValueOrDefault("key"),-12}  {model}{row.Requests,8}  {row.Errors,6}  {row.InputTokens,10}  {row.OutputTokens,10}  {row.CostUsd,10:0.######}"));
        }

        var keyStore = new SqlKeyStore(database);
        await keyStore.MigrateAsync(token);
        if (only is not null && await keyStore.GetAsync(only, token) is { Budget: { } budget } key)
        {
            var budgets = new SqlBudgetStore(database);
            await budgets.MigrateAsync(token);
            var (window, from) = budget.CountingAt(DateTimeOffset.UtcNow);
            var (tokens, usd) = await budgets.SpentAsync(key.Id, from, token);
            var limits = string.Join(", ", new[]
            {
                budget.BudgetUsd is { } max ? string.Create(CultureInfo.InvariantCulture, $"${usd:0.00####} of ${max}") : null,
                budget.TokenQuota is { } quota ? string.Create(CultureInfo.InvariantCulture, $"{tokens} of {quota} tokens") : null,
            }.Where(part => part is not null));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"budget per {budget.Window}: {limits} spent since {from:u}; resets {window.End:u}"));
        }

        return 0;
    }
}
