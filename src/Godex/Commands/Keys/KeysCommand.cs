using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using Godex.Gateway.Configuration;
using Godex.Gateway.Security;
using Godex.Gateway.Security.Keys;

namespace Godex.Commands.Keys;

/// <summary>
/// `godex keys add|list|show|update|revoke|rotate` (also `godex proxy keys …`): the key store, straight
/// from the database the config names, or through a gateway's admin API with `--gateway URL`.
/// </summary>
internal static class KeysCommand
{
    private static readonly KeyJsonContext Indented = new(new JsonSerializerOptions(KeyJsonContext.Default.Options) { WriteIndented = true });

    public static Command Create()
    {
        var shared = new SharedOptions();
        var id = new Argument<string>("id") { Description = "the key id (gxk_…)" };

        var label = new Option<string>("--label") { Description = "what the key is for" };
        var owner = new Option<string>("--owner") { Description = "who holds it" };
        var models = new Option<string[]>("--models") { Description = "model globs it may call (`gpt-*`), repeatable or comma-separated; default every model" };
        var providers = new Option<string[]>("--providers") { Description = "provider globs it may be routed to; default every provider" };
        var rpm = new Option<int?>("--rpm") { Description = "requests per minute (0 clears)" };
        var tpm = new Option<int?>("--tpm") { Description = "tokens per minute (0 clears)" };
        var concurrency = new Option<int?>("--concurrency") { Description = "requests in flight at once (0 clears)" };
        var budget = new Option<decimal?>("--budget-usd") { Description = "money budget per window, US dollars (0 clears)" };
        var tokens = new Option<long?>("--tokens") { Description = "token quota per window (0 clears)" };
        var window = new Option<string>("--window") { Description = $"the budget's window: {string.Join(", ", BudgetWindows.All)} (default 30d)" };
        var expires = new Option<string>("--expires") { Description = "when it stops working (2027-01-01 or an ISO time, UTC)" };
        var byok = new Option<string[]>("--byok") { Description = "provider=KEY: an upstream key of the caller's own for that provider (repeatable; provider= removes)" };
        var metadata = new Option<string>("--metadata") { Description = "a JSON object kept with the key" };
        var disable = new Option<bool>("--disable") { Description = "turn the key off (update)" };
        var enable = new Option<bool>("--enable") { Description = "turn the key back on (update)" };
        var grace = new Option<string>("--grace") { Description = "how long the old secret keeps working (default 24h; 0 for none)" };

        KeyChange Change(ParseResult parse) => new()
        {
            Label = parse.GetValue(label),
            Owner = parse.GetValue(owner),
            Models = parse.GetValue(models) is { Length: > 0 } m ? m : null,
            Providers = parse.GetValue(providers) is { Length: > 0 } p ? p : null,
            Rpm = parse.GetValue(rpm),
            Tpm = parse.GetValue(tpm),
            MaxConcurrent = parse.GetValue(concurrency),
            BudgetUsd = parse.GetValue(budget),
            TokenQuota = parse.GetValue(tokens),
            BudgetWindow = parse.GetValue(window),
            ExpiresAt = parse.GetValue(expires) is { } e ? Date(e) : null,
            Enabled = parse.GetValue(disable) ? false : parse.GetValue(enable) ? true : null,
            Byok = parse.GetValue(byok) is { Length: > 0 } b ? Byok(b) : null,
            Metadata = parse.GetValue(metadata) is { } json ? Json(json) : null,
        };

        Option[] changeOptions = [label, owner, models, providers, rpm, tpm, concurrency, budget, tokens, window, expires, byok, metadata];

        var add = new Command("add", "Create a key; its secret is printed once.");
        Array.ForEach(changeOptions, add.Options.Add);
        add.SetAction((parse, token) => shared.RunAsync(parse, "keys", async keys => Print(await keys.CreateAsync(Change(parse), token), parse.GetValue(shared.Json))));

        var list = new Command("list", "Every key (never secrets).");
        list.SetAction((parse, token) => shared.RunAsync(parse, "keys", async keys => PrintList(await keys.ListAsync(token), parse.GetValue(shared.Json))));

        var show = new Command("show", "One key, every field.") { id };
        show.SetAction((parse, token) => shared.RunAsync(parse, "keys", async keys => Print(await keys.GetAsync(parse.GetValue(id)!, token), json: true)));

        var update = new Command("update", "Change a key's fields (those given).") { id, disable, enable };
        Array.ForEach(changeOptions, update.Options.Add);
        update.SetAction((parse, token) => shared.RunAsync(parse, "keys", async keys => Print(await keys.UpdateAsync(parse.GetValue(id)!, Change(parse), token), parse.GetValue(shared.Json))));

        var revoke = new Command("revoke", "Stop a key for good (within seconds on every server using the store).") { id };
        revoke.SetAction((parse, token) => shared.RunAsync(parse, "keys", async keys => Print(await keys.RevokeAsync(parse.GetValue(id)!, token), parse.GetValue(shared.Json))));

        var rotate = new Command("rotate", "A new secret; the old one keeps working for --grace (default 24h).") { id, grace };
        rotate.SetAction((parse, token) => shared.RunAsync(parse, "keys", async keys => Print(await keys.RotateAsync(parse.GetValue(id)!, parse.GetValue(grace), token), parse.GetValue(shared.Json))));

        var command = new Command("keys", "Client keys in the key store: add, list, show ID, update ID, revoke ID, rotate ID.") { add, list, show, update, revoke, rotate };
        shared.AddTo(command);
        command.SetAction((parse, token) => shared.RunAsync(parse, "keys", async keys => PrintList(await keys.ListAsync(token), parse.GetValue(shared.Json))));
        return command;
    }

    private static DateTimeOffset Date(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new KeyStoreException(400, "keys.invalid", $"--expires '{text}' is not a date or time (e.g. 2027-01-01).");

    private static JsonElement Json(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new KeyStoreException(400, "keys.invalid", "--metadata must be a JSON object.");
        }
    }

    private static Dictionary<string, string> Byok(string[] pairs)
    {
        var byok = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new KeyStoreException(400, "keys.invalid", "--byok wants provider=KEY.");
            }

            byok[pair[..equals]] = pair[(equals + 1)..];
        }

        return byok;
    }

    private static int Print(KeyView key, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(key, Indented.KeyView));
            return 0;
        }

        Console.WriteLine($"{key.Id}  {key.Label}  {key.Status}");
        if (key.Secret is { } secret)
        {
            Console.WriteLine($"secret (shown once, store it now): {secret}");
            if (key.PreviousSecretValidUntil is { } until)
            {
                Console.WriteLine($"the previous secret keeps working until {until:u}");
            }
        }

        return 0;
    }

    private static int PrintList(IReadOnlyList<KeyView> keys, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new KeyList(keys), Indented.KeyList));
            return 0;
        }

        Console.WriteLine($"{"id",-11}  {"label",-20}  {"owner",-14}  {"status",-8}  {"models",-20}  {"rpm",6}  {"tpm",8}  {"budget",12}  {"expires (UTC)",-16}");
        foreach (var k in keys)
        {
            var budgetText = k.BudgetUsd is { } usd ? string.Create(CultureInfo.InvariantCulture, $"${usd}/{k.BudgetWindow}") : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k.Id,-11}  {k.Label,-20}  {k.Owner ?? "-",-14}  {k.Status,-8}  {(k.Models.Count == 0 ? "*" : string.Join(",", k.Models)),-20}  {k.Rpm?.ToString(CultureInfo.InvariantCulture) ?? "-",6}  {k.Tpm?.ToString(CultureInfo.InvariantCulture) ?? "-",8}  {budgetText,12}  {k.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",-16}"));
        }

        return 0;
    }

    /// <summary>The options every key and usage verb takes: where the store is, or which gateway to ask.</summary>
    internal sealed class SharedOptions
    {
        public Option<string> Config { get; } = new("--config") { Description = "config file (its storage settings name the store)", Recursive = true };
        public Option<string> Gateway { get; } = new("--gateway") { Description = "a running gateway's URL: change keys through its admin API instead of the database", Recursive = true };
        public Option<string> AdminKey { get; } = new("--admin-key") { Description = $"the admin key for --gateway (env {AdminKeys.EnvironmentVariable})", Recursive = true };
        public Option<bool> Json { get; } = new("--json") { Description = "print JSON", Recursive = true };

        public void AddTo(Command command)
        {
            command.Options.Add(Config);
            command.Options.Add(Gateway);
            command.Options.Add(AdminKey);
            command.Options.Add(Json);
        }

        public async Task<int> RunAsync(ParseResult parse, string verb, Func<IKeysBackend, Task<int>> action)
        {
            try
            {
                using var backend = await OpenAsync(parse);
                return await action(backend);
            }
            catch (KeyStoreException exception)
            {
                await Console.Error.WriteLineAsync($"godex {verb}: {exception.Message}");
                return exception.Status == 404 ? 3 : 1;
            }
            catch (ConfigException exception)
            {
                await Console.Error.WriteLineAsync($"godex {verb}: invalid configuration: {exception.Message}");
                return 2;
            }
            catch (HttpRequestException exception)
            {
                await Console.Error.WriteLineAsync($"godex {verb}: cannot reach the gateway: {exception.Message}");
                return 1;
            }
        }

        private async Task<IKeysBackend> OpenAsync(ParseResult parse)
        {
            if (parse.GetValue(Gateway) is { Length: > 0 } gateway)
            {
                var adminKey = parse.GetValue(AdminKey) ?? Environment.GetEnvironmentVariable(AdminKeys.EnvironmentVariable);
                return new GatewayKeys(gateway, adminKey is { Length: > 0 } ? adminKey
                    : throw new KeyStoreException(400, "keys.invalid", $"--gateway needs the admin key (--admin-key or {AdminKeys.EnvironmentVariable})."));
            }

            return await StoreKeys.OpenAsync(ConfigFiles.Load(parse.GetValue(Config)), CancellationToken.None);
        }
    }
}
